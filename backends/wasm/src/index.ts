// The stock TF.js wasm backend made fit for training in Node: registers the kernels it lacks
// (Conv2DBackpropFilter) and faster ones in place of slow stock paths (transposed matMul,
// Conv2DBackpropInput), each expressed through the backend's own XNNPACK kernels.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { captureStockKernel } from './kernel_utils.js';
import { WASM_EXTRA_KERNELS } from './register_all_kernels.js';

export { WASM_EXTRA_KERNELS } from './register_all_kernels.js';

let registered = false;

/** Folder holding the stock .wasm binaries (the package's dist/), with a trailing slash. */
export function wasmBinaryDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/';
}

/**
 * Registers our kernels for backend 'wasm' (idempotent) and points the backend at its .wasm
 * files by absolute path, so it loads from any working directory. Call it before
 * `tf.setBackend('wasm')`. `only` restricts the set (by kernel name), for measurements.
 */
export function registerWasmExtras(only?: readonly string[]): void {
  if (registered) return;
  registered = true;
  if (tf.engine().registry['wasm'] === undefined) setWasmPaths(wasmBinaryDir());
  for (const config of WASM_EXTRA_KERNELS) {
    if (only !== undefined && !only.includes(config.kernelName)) continue;
    const stock = tf.getKernel(config.kernelName, 'wasm');
    if (stock !== undefined) {
      captureStockKernel(config.kernelName);
      tf.unregisterKernel(config.kernelName, 'wasm');
    }
    // The stock setupFunc binds the C++ function our kernel delegates to.
    tf.registerKernel({ ...config, setupFunc: stock?.setupFunc, disposeFunc: stock?.disposeFunc });
  }
}
