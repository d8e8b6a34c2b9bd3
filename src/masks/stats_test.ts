import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classesWithoutWeights } from './stats.js';

test('classesWithoutWeights names the columns of a [features, classes] mask with nothing kept', () => {
  const mask = { shape: [3, 4], dataSync: () => Float32Array.from([1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0]) };
  assert.deepEqual(classesWithoutWeights(mask), [1, 2]);
  assert.deepEqual(classesWithoutWeights({ shape: [2, 2], dataSync: () => Float32Array.from([1, 1, 0, 0]) }), []);
});
