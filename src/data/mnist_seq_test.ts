import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mnist } from './mnist.js';
import { mnistSeq } from './mnist_seq.js';

test('mnist-seq is MNIST read row by row: 28 steps of 28 pixels, same splits and values', async () => {
  assert.deepEqual(mnistSeq.inputShape, [28, 28]);
  const [seq, img] = await Promise.all([mnistSeq.load({ seed: 3, valFraction: 0.1 }), mnist.load({ seed: 3, valFraction: 0.1 })]);
  assert.equal(seq.name, 'mnist-seq');
  assert.deepEqual(seq.inputShape, [28, 28]);
  assert.deepEqual([seq.train.count, seq.val.count, seq.test.count], [54000, 6000, 10000]);
  assert.deepEqual(seq.normalisation, img.normalisation);
  for (const split of ['train', 'val', 'test'] as const) {
    assert.deepEqual(seq[split].y, img[split].y, split);
    assert.equal(seq[split].x.length, seq[split].count * 28 * 28);
  }
  // Test image 0, time step 14 is its 15th row of pixels.
  const row = (x: Float32Array) => Array.from(x.subarray(14 * 28, 15 * 28));
  assert.deepEqual(row(seq.test.x), row(img.test.x));
  assert.deepEqual(seq.val.x.subarray(0, 5000), img.val.x.subarray(0, 5000));
});
