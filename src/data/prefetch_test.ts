import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AugmentedSampler, type AugmentedStream } from './augmented_sampler.js';
import type { Split } from './dataset.js';
import { augmentedBatches } from './prefetch.js';

const [h, w, c] = [8, 6, 3];
const count = 50;
const split: Split = {
  x: Float32Array.from({ length: count * h * w * c }, (_, i) => Math.sin(i)), y: Int32Array.from({ length: count }, (_, i) => i % 10), count,
};
const stream: AugmentedStream = { batchSize: 7, samplerSeed: 3, augmentSeed: 1, imageShape: [h, w, c] };

test('prefetched augmented batches equal the main-thread ones, in order, after a jump and back', () => {
  const direct = new AugmentedSampler(split, stream);
  const ahead = augmentedBatches(split, stream, 3);
  try {
    for (const t of [0, 1, 2, 3, 4, 5, 6, 7, 8, 20, 21, 2, 3, 40]) {
      const want = direct.batchAt(t);
      const got = ahead.batchAt(t);
      assert.deepEqual([got.n, Array.from(got.y)], [want.n, Array.from(want.y)], `labels of batch ${t}`);
      assert.deepEqual(Array.from(got.x), Array.from(want.x), `pixels of batch ${t}`);
    }
  } finally {
    ahead.close();
  }
  assert.ok(!(split.x.buffer instanceof SharedArrayBuffer), 'the caller\'s split is left as it was');
});

test('depth 0 builds the batches on the main thread', () => {
  const inline = augmentedBatches(split, stream, 0);
  assert.deepEqual(Array.from(inline.batchAt(4).x), Array.from(new AugmentedSampler(split, stream).batchAt(4).x));
  inline.close();
});

test('a split over 4 GiB reaches the worker whole (a cloned view of it would wrap to a few MB)', () => {
  const count4g = Math.ceil(2 ** 32 / (h * w * c * 4)) + 1000; // pixels untouched: pages stay unallocated
  const big: Split = { x: new Float32Array(new SharedArrayBuffer(count4g * h * w * c * 4)), y: Int32Array.from({ length: count4g }, (_, i) => i % 10), count: count4g };
  big.x.fill(1, big.x.length - 1000 * h * w * c); // the last examples, beyond the wrap
  const bigStream = { ...stream, batchSize: 64 };
  const ahead = augmentedBatches(big, bigStream, 1);
  try {
    for (const t of [0, 1]) {
      const want = new AugmentedSampler(big, bigStream).batchAt(t);
      const got = ahead.batchAt(t);
      assert.deepEqual(Array.from(got.y), Array.from(want.y), `labels of batch ${t}`);
      assert.deepEqual(Array.from(got.x), Array.from(want.x), `pixels of batch ${t}`);
    }
  } finally {
    ahead.close();
  }
});
