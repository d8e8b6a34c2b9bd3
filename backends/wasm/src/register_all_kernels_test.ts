import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmExtras, WASM_EXTRA_KERNELS, wasmBinaryDir } from './index.js';
import { existsSync } from 'node:fs';

test('no kernel is listed twice, all for backend wasm', () => {
  const names = WASM_EXTRA_KERNELS.map((k) => k.kernelName);
  assert.equal(new Set(names).size, names.length);
  for (const k of WASM_EXTRA_KERNELS) assert.equal(k.backendName, 'wasm');
});

test('registerWasmExtras registers Conv2DBackpropFilter and is idempotent', () => {
  registerWasmExtras();
  registerWasmExtras();
  assert.equal(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc, WASM_EXTRA_KERNELS.find((k) => k.kernelName === 'Conv2DBackpropFilter')!.kernelFunc);
});

test('the .wasm binaries are found by absolute path', () => {
  assert.ok(existsSync(wasmBinaryDir() + 'tfjs-backend-wasm-simd.wasm'));
});
