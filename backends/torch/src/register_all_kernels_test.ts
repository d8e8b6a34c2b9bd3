import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { configureTorch, fallbackCalls, registerTorchBackend, torchInfo, torchKernelConfigs, torchLoadError } from './index.js';
import { torchSkipReason } from './test_util.js';

const skip = torchSkipReason();

test('the addon loads wherever libtorch is found', { skip }, () => {
  assert.ok(registerTorchBackend({ device: 'cpu' }), `torch addon did not load: ${torchLoadError()}`);
});

test('no kernel name is registered twice, the list is sorted, and every config is for torch', () => {
  const names = torchKernelConfigs.map((k) => k.kernelName);
  assert.equal(new Set(names).size, names.length);
  assert.deepEqual(names, [...names].sort());
  assert.ok(torchKernelConfigs.every((k) => k.backendName === 'torch'));
});

test('every torch kernel has a row in the addon table, and every cpu kernel is registered', { skip }, () => {
  const table = new Set(torchInfo()!.kernels);
  for (const k of torchKernelConfigs) assert.ok(table.has(k.kernelName), `addon lacks ${k.kernelName}`);
  const registered = new Set(tf.getKernelsForBackend('torch').map((k) => k.kernelName));
  for (const k of tf.getKernelsForBackend('cpu')) assert.ok(registered.has(k.kernelName), `torch lacks ${k.kernelName}`);
});

test('tensors of every dtype round-trip, kernels run, and nothing leaks', { skip }, async () => {
  await tf.setBackend('torch');
  const live = torchInfo()!.live;
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    assert.deepEqual(Array.from(tf.add(tf.tensor([1, 2, 3]), tf.scalar(1)).dataSync()), [2, 3, 4]);
    const i = tf.tensor1d([5, -7], 'int32');
    assert.deepEqual(tf.sum(i).dataSync(), Int32Array.from([-2]));
    assert.equal(tf.sum(i).dtype, 'int32');
    assert.deepEqual(tf.greater(i, 0).dataSync(), Uint8Array.from([1, 0]));
    assert.deepEqual(tf.tensor1d(['a', 'bc'], 'string').dataSync(), ['a', 'bc']);
    assert.deepEqual(Array.from(tf.argMax(tf.tensor2d([[1, 3], [4, 2]]), 1).dataSync()), [1, 0]);
  });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(torchInfo()!.live, live);
});

test('a kernel the addon lacks runs through the cpu fallback', { skip }, async () => {
  await tf.setBackend('torch');
  const live = torchInfo()!.live;
  const y = tf.tidy(() => tf.cumsum(tf.tensor1d([1, 2, 3])));
  assert.deepEqual(Array.from(await y.data()), [1, 3, 6]);
  assert.ok((fallbackCalls.get('Cumsum') ?? 0) > 0);
  y.dispose();
  assert.equal(torchInfo()!.live, live);
});

test('TF32 is off by default and configureTorch({tf32}) switches cuBLAS and cuDNN together', { skip }, () => {
  registerTorchBackend({ device: 'cpu' });
  assert.equal(torchInfo()!.tf32, false);
  configureTorch({ tf32: true });
  assert.equal(torchInfo()!.tf32, true);
  configureTorch({ tf32: false });
  assert.equal(torchInfo()!.tf32, false);
});
