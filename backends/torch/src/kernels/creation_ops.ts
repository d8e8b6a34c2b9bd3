// Kernels that make tensors on the device (csrc/kernels/create.cc).
import * as k from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';

import { DTYPE_CODES, torchKernel } from '../kernel_utils.js';

export const creationConfigs: readonly KernelConfig[] = [
  torchKernel(k.Fill, [], ({ attrs }) => {
    const code = DTYPE_CODES[attrs.dtype as string];
    return code === undefined || typeof attrs.value !== 'number' ? undefined : [attrs.value, code, ...(attrs.shape as number[])];
  }),
  torchKernel(k.OneHot, ['indices'], ({ attrs }) => {
    const code = DTYPE_CODES[attrs.dtype as string];
    return code === undefined ? undefined : [attrs.depth as number, attrs.onValue as number, attrs.offValue as number, code];
  }),
  torchKernel(k.OnesLike, ['x']),
  torchKernel(k.Range, [], ({ attrs }) => {
    const { start, stop, step } = attrs as { start: number; stop: number; step: number };
    const code = DTYPE_CODES[attrs.dtype as string];
    return code === undefined || step === 0 || (stop - start) * step <= 0 ? undefined : [start, stop, step, code];
  }),
  torchKernel(k.ZerosLike, ['x']),
];
