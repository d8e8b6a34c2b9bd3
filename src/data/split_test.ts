import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channelStats, holdOut, makeDataset, type RawData } from './split.js';

function raw(count: number, c: number): RawData {
  const x = Uint8Array.from({ length: count * 2 * 2 * c }, (_, i) => (i * 37) % 256);
  const y = Uint8Array.from({ length: count }, (_, i) => i % 3);
  return { name: 'toy', inputShape: [2, 2, c], numClasses: 3, train: { x, y, count }, test: { x: x.slice(0, 8 * c), y: y.slice(0, 2), count: 2 } };
}

test('hold-out is a deterministic, seeded partition of the training set', () => {
  const a = holdOut(100, 0.1, 7);
  assert.equal(a.val.length, 10);
  assert.equal(a.train.length, 90);
  assert.deepEqual(holdOut(100, 0.1, 7), a);
  assert.notDeepEqual(holdOut(100, 0.1, 8).val, a.val);
  const all = [...a.train, ...a.val].sort((p, q) => p - q);
  assert.deepEqual(all, Array.from({ length: 100 }, (_, i) => i));
  assert.deepEqual([...a.val], [...a.val].sort((p, q) => p - q));
  assert.equal(holdOut(100, 0, 1).val.length, 0);
  assert.throws(() => holdOut(10, 1, 1), /valFraction/);
});

test('per-channel statistics match a direct computation', () => {
  const r = raw(4, 3);
  const idx = Int32Array.from([0, 2, 3]);
  const { mean, std } = channelStats(r.train, idx, 3);
  for (let ch = 0; ch < 3; ch++) {
    const vals: number[] = [];
    for (const i of idx) for (let p = 0; p < 4; p++) vals.push(r.train.x[i * 12 + p * 3 + ch] / 255);
    const m = vals.reduce((a, b) => a + b) / vals.length;
    const s = Math.sqrt(vals.reduce((a, b) => a + (b - m) ** 2, 0) / vals.length);
    assert.ok(Math.abs(mean[ch] - m) < 1e-12);
    assert.ok(Math.abs(std[ch] - s) < 1e-9);
  }
});

test('makeDataset normalises every split with training statistics', () => {
  const r = raw(50, 3);
  const d = makeDataset(r, { seed: 3, valFraction: 0.2 });
  assert.equal(d.train.count, 40);
  assert.equal(d.val.count, 10);
  assert.equal(d.test.count, 2);
  assert.equal(d.train.x.length, 40 * 12);
  // train pixels of each channel now have mean 0, std 1
  for (let ch = 0; ch < 3; ch++) {
    let s = 0;
    let q = 0;
    for (let j = ch; j < d.train.x.length; j += 3) {
      s += d.train.x[j];
      q += d.train.x[j] ** 2;
    }
    const n = d.train.x.length / 3;
    assert.ok(Math.abs(s / n) < 1e-5);
    assert.ok(Math.abs(q / n - 1) < 1e-4);
  }
  const { mean, std } = d.normalisation;
  assert.ok(Math.abs(d.test.x[4] - (r.test.x[4] / 255 - mean[1]) / std[1]) < 1e-6);
  assert.deepEqual([...d.test.y], [0, 1]);
  assert.deepEqual(makeDataset(r, { seed: 3, valFraction: 0.2 }), d);
});

test('makeDataset refuses out-of-range labels and inconsistent sizes', () => {
  const r = raw(5, 1);
  r.train.y[2] = 3;
  assert.throws(() => makeDataset(r, { seed: 1, valFraction: 0.1 }), /label 3 at 2 is not below 3/);
  const s = raw(5, 1);
  s.test.count = 3;
  assert.throws(() => makeDataset(s, { seed: 1, valFraction: 0.1 }), /toy test: 3 examples/);
});
