import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { nativeInfo } from './index.js';
import { nativeKernelConfigs, TYPESCRIPT_KERNELS } from './register_all_kernels.js';
import { requireNative } from './test_util.js';

test('no kernel name is registered twice, and the list is alphabetical', () => {
  const names = nativeKernelConfigs.map((k) => k.kernelName);
  assert.equal(new Set(names).size, names.length);
  assert.deepEqual(names, [...names].sort());
  assert.ok(nativeKernelConfigs.every((k) => k.backendName === 'native'));
});

test('every native kernel config has a row in the addon table (or is written in TypeScript), and cpu kernels back the rest', () => {
  requireNative();
  const table = new Set(nativeInfo()?.kernels);
  for (const k of nativeKernelConfigs) assert.ok(table.has(k.kernelName) !== TYPESCRIPT_KERNELS.has(k.kernelName), `addon lacks ${k.kernelName}, or a TypeScript kernel shadows it`);
  const registered = new Set(tf.getKernelsForBackend('native').map((k) => k.kernelName));
  for (const k of tf.getKernelsForBackend('cpu')) assert.ok(registered.has(k.kernelName), `native lacks ${k.kernelName}`);
});

test('the backend is called native and is the default once registered', async () => {
  requireNative();
  assert.ok(tf.findBackendFactory('native'));
  await tf.setBackend('native');
  assert.equal(tf.getBackend(), 'native');
  const y = tf.add(tf.tensor([1, 2, 3]), tf.scalar(1));
  assert.deepEqual(Array.from(await y.data()), [2, 3, 4]);
  // cpu's Cast int32 → float32 keeps an Int32Array: native kernels must fall back, not throw.
  const z = tf.relu(tf.mul(tf.cast(tf.tensor([1, -2, 3], undefined, 'int32'), 'float32'), tf.scalar(2)));
  assert.deepEqual(Array.from(await z.data()), [2, 0, 6]);
  const big = tf.sum(tf.cast(tf.ones([70, 70], 'int32'), 'float32'), 0);
  assert.equal((await big.data())[0], 70);
});
