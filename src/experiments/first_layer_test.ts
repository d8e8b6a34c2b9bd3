import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keptPerInput } from './first_layer.js';

test('keptPerInput counts the kept connections of every input (row sums of the [in, out] mask)', () => {
  const mask = Float32Array.from([1, 0, 1, 0, 0, 0, 1, 1, 1]); // 3 inputs × 3 units
  assert.deepEqual([...keptPerInput(mask, 3, 3)], [2, 0, 3]);
});
