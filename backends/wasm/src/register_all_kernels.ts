// The kernels this package adds to (or puts in place of) the stock wasm backend, alphabetical.
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { batchMatMulConfig } from './kernels/BatchMatMul.js';
import { conv2DConfig } from './kernels/Conv2D.js';
import { conv2DBackpropFilterConfig } from './kernels/Conv2DBackpropFilter.js';
import { conv2DBackpropInputConfig } from './kernels/Conv2DBackpropInput.js';
import { maxPoolGradConfig } from './kernels/MaxPoolGrad.js';
import { fusedConv2DConfig } from './kernels/FusedConv2D.js';
import { fusedMatMulConfig } from './kernels/_FusedMatMul.js';

export const WASM_EXTRA_KERNELS: readonly KernelConfig[] = [
  batchMatMulConfig,
  conv2DConfig,
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  fusedConv2DConfig,
  maxPoolGradConfig,
  fusedMatMulConfig,
];
