import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng, mixSeed, permutation } from '../util/rng.js';
import { BatchSampler, classBalancedIndices, inOrderBatches } from './batches.js';
import type { Split } from './dataset.js';

function split(count: number, per: number): Split {
  return { x: Float32Array.from({ length: count * per }, (_, i) => i), y: Int32Array.from({ length: count }, (_, i) => i), count };
}

test('batches follow permutation(mixSeed(seed, epoch)) and drop the partial batch', () => {
  const s = split(10, 2);
  const b = new BatchSampler(s, 3, 42);
  assert.equal(b.batchesPerEpoch, 3);
  const p0 = permutation(10, makeRng(mixSeed(42, 0)));
  const p1 = permutation(10, makeRng(mixSeed(42, 1)));
  assert.deepEqual([...b.indicesAt(0)], [...p0.slice(0, 3)]);
  assert.deepEqual([...b.indicesAt(2)], [...p0.slice(6, 9)]);
  assert.deepEqual([...b.indicesAt(3)], [...p1.slice(0, 3)]);
  const batch = b.batchAt(4);
  const idx = p1.slice(3, 6);
  assert.equal(batch.n, 3);
  assert.deepEqual([...batch.y], [...idx]);
  assert.deepEqual([...batch.x], [...idx].flatMap((i) => [2 * i, 2 * i + 1]));
});

test('the stream is stateless: resuming at iteration k gives the same batches', () => {
  const s = split(50, 4);
  const a = new BatchSampler(s, 7, 5);
  const full = Array.from({ length: 30 }, (_, k) => a.batchAt(k));
  const resumed = new BatchSampler(s, 7, 5);
  for (let k = 17; k < 30; k++) assert.deepEqual(resumed.batchAt(k), full[k]);
  assert.deepEqual(a.batchAt(3), full[3]); // going back is fine too
  assert.notDeepEqual(new BatchSampler(s, 7, 6).batchAt(0), full[0]);
  assert.throws(() => new BatchSampler(s, 51, 1), /exceeds/);
  assert.throws(() => a.batchAt(-1), /non-negative/);
});

test('inOrderBatches covers the split in order with a short last chunk', () => {
  const s = split(7, 2);
  const chunks = [...inOrderBatches(s, 3)];
  assert.deepEqual(chunks.map((c) => c.n), [3, 3, 1]);
  assert.deepEqual([...chunks[2].x], [12, 13]);
  assert.deepEqual(chunks.flatMap((c) => [...c.y]), [0, 1, 2, 3, 4, 5, 6]);
});

test('class-balanced picks reach every class evenly, deterministically, without repeats', () => {
  // 10 classes with 3..12 examples each (labels interleaved), 75 examples in all
  const y = Int32Array.from(Array.from({ length: 10 }, (_, c) => Array<number>(3 + c).fill(c)).flat());
  const s: Split = { x: new Float32Array(y.length), y: Int32Array.from(permutation(y.length, makeRng(3)), (i) => y[i]), count: y.length };
  const counts = (idx: Int32Array) => Array.from({ length: 10 }, (_, c) => [...idx].filter((i) => s.y[i] === c).length);
  assert.deepEqual(counts(classBalancedIndices(s, 20, 7)), Array(10).fill(2));
  assert.deepEqual(counts(classBalancedIndices(s, 25, 7)).sort(), [2, 2, 2, 2, 2, 3, 3, 3, 3, 3]);
  // class 0 has 3 examples: after round 3 the others fill the pick
  assert.deepEqual(counts(classBalancedIndices(s, 39, 7)), [3, 4, 4, 4, 4, 4, 4, 4, 4, 4]);
  const all = classBalancedIndices(s, 75, 7);
  assert.equal(new Set(all).size, 75);
  assert.deepEqual([...classBalancedIndices(s, 20, 7)], [...classBalancedIndices(s, 20, 7)]);
  assert.notDeepEqual([...classBalancedIndices(s, 20, 7)], [...classBalancedIndices(s, 20, 8)]);
  // shuffled: the first chunk of 10 is not simply one example of each class in class order
  const first = [...classBalancedIndices(s, 20, 7)].map((i) => s.y[i]);
  assert.notDeepEqual(first, [...first].sort((a, b) => a - b));
  assert.throws(() => classBalancedIndices(s, 76, 7), /cannot pick 76 of the 75 examples/);
  assert.throws(() => classBalancedIndices(s, 0, 7), /cannot pick 0/);
});
