import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng, type Rng } from '../util/rng.js';
import { augmentBatch } from './augment.js';

/** An rng that replays fixed draws. */
function replay(values: number[]): Rng {
  let i = 0;
  return () => values[i++];
}

// a 3x3 image with 2 channels: value = 10 * (row * 3 + col) + channel
const img = Float32Array.from({ length: 18 }, (_, i) => 10 * Math.floor(i / 2) + (i % 2));
const at = (x: Float32Array, r: number, c: number, ch: number) => x[(r * 3 + c) * 2 + ch];

test('no shift and no flip returns the image', () => {
  // pad 1: offsets drawn in [0, 2], 1 means centred; flip draw 0.9 >= 0.5 means no flip
  const out = augmentBatch(img, 1, 3, 3, 2, 1, replay([0.5, 0.5, 0.9]));
  assert.deepEqual(out, img);
});

test('shifts fill with zeros and flips mirror columns', () => {
  // dy = -1 (first row comes from padding), dx = +1, no flip
  const a = augmentBatch(img, 1, 3, 3, 2, 1, replay([0, 0.99, 0.9]));
  assert.equal(at(a, 0, 0, 0), 0);
  assert.equal(at(a, 1, 0, 1), at(img, 0, 1, 1));
  assert.equal(at(a, 2, 2, 0), 0); // column 3 is padding
  // centred crop, flipped
  const f = augmentBatch(img, 1, 3, 3, 2, 1, replay([0.5, 0.5, 0.1]));
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) assert.equal(at(f, r, c, 1), at(img, r, 2 - c, 1));
});

test('seeded, pure, and each image keeps its own pixels', () => {
  const n = 4;
  const x = Float32Array.from({ length: n * 32 * 32 * 3 }, (_, i) => 1 + Math.floor(i / 3072));
  const copy = x.slice();
  const a = augmentBatch(x, n, 32, 32, 3, 4, makeRng(9));
  assert.deepEqual(x, copy);
  assert.deepEqual(augmentBatch(x, n, 32, 32, 3, 4, makeRng(9)), a);
  for (let i = 0; i < n; i++) {
    const vals = new Set(a.subarray(i * 3072, (i + 1) * 3072));
    for (const v of vals) assert.ok(v === 0 || v === i + 1);
  }
  assert.throws(() => augmentBatch(x, 5, 32, 32, 3, 4, makeRng(1)), /augmentBatch/);
});
