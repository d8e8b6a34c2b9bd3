import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../../test/helpers/cpu.js';
import { makeRng } from '../util/rng.js';
import { keptCount, selectMask, topKIndices } from './threshold.js';

before(useCpu);

const sum = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);

test('κ = round((1 − sparsity)·N) exactly, for many sizes and sparsities', () => {
  const rng = makeRng(1);
  for (const n of [1, 2, 3, 7, 10, 99, 100, 101, 1000, 4097]) {
    for (const sparsity of [0.01, 0.1, 0.5, 0.9, 0.95, 0.98, 0.99, 0.999]) {
      const scores = Float32Array.from({ length: n }, () => Math.floor(rng() * 5)); // many ties
      const k = keptCount(n, sparsity);
      assert.equal(k, Math.round((1 - sparsity) * n));
      const keep = topKIndices(scores, k);
      assert.equal(sum(keep), k, `n=${n} sparsity=${sparsity}`);
      let minKept = Infinity;
      let maxDropped = -Infinity;
      keep.forEach((v, i) => { if (v) minKept = Math.min(minKept, scores[i]); else maxDropped = Math.max(maxDropped, scores[i]); });
      assert.ok(minKept >= maxDropped, 'every kept score is at least every dropped one');
    }
  }
});

test('ties are broken towards the lower index, deterministically', () => {
  const scores = Float32Array.from([1, 3, 3, 3, 0, 3]);
  assert.deepEqual([...topKIndices(scores, 3)], [0, 1, 1, 1, 0, 0]);
  assert.deepEqual([...topKIndices(scores, 2)], [0, 1, 1, 0, 0, 0]);
  assert.deepEqual([...topKIndices(new Float32Array(4), 2)], [1, 1, 0, 0]);
});

test('sparsity outside (0, 1), κ = 0 and NaN scores are refused', () => {
  for (const s of [0, 1, -0.1, 1.5, Number.NaN]) assert.throws(() => keptCount(10, s), /sparsity must be in \(0, 1\)/);
  const scores = new Map([['a', tf.ones([10])]]);
  assert.throws(() => selectMask(scores, 0.99, 'global'), /κ = 0/);
  assert.throws(() => topKIndices(Float32Array.from([1, Number.NaN]), 1), /NaN/);
  tf.dispose([...scores.values()]);
});

test('global selection spans layers; layerwise keeps the fraction per layer', () => {
  const scores = new Map([
    ['a', tf.tensor([10, 9, 8, 7], [2, 2])],
    ['b', tf.tensor([1, 2, 3, 4, 5, 6], [6])],
  ]);
  const global = selectMask(scores, 0.5, 'global'); // κ = 5: all of a and b's top one
  assert.deepEqual([...global.get('a')!.dataSync()], [1, 1, 1, 1]);
  assert.deepEqual([...global.get('b')!.dataSync()], [0, 0, 0, 0, 0, 1]);
  assert.deepEqual(global.get('a')!.shape, [2, 2]);
  const layer = selectMask(scores, 0.5, 'layerwise');
  assert.deepEqual([...layer.get('a')!.dataSync()], [1, 1, 0, 0]);
  assert.deepEqual([...layer.get('b')!.dataSync()], [0, 0, 0, 1, 1, 1]);
  tf.dispose([...scores.values(), ...global.values(), ...layer.values()]);
});
