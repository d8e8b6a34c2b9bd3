// Elementwise kernels of two broadcast inputs (csrc/kernels/elementwise.cc binaryKernels).
import * as k from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';

import { RELU_GRAD } from '../../../fused_gradients.js';
import { torchKernel } from '../kernel_utils.js';

const AB = [
  k.Add, k.Atan2, k.Equal, k.FloorDiv, k.Greater, k.GreaterEqual, k.Less, k.LessEqual, k.LogicalAnd,
  k.LogicalOr, k.Maximum, k.Minimum, k.Mod, k.Multiply, k.NotEqual, k.Pow, k.RealDiv,
  k.SquaredDifference, k.Sub,
];

export const binaryConfigs: readonly KernelConfig[] = [
  ...AB.map((name) => torchKernel(name, ['a', 'b'])),
  torchKernel(k.EluGrad, ['dy', 'y']),
  torchKernel(k.Prelu, ['x', 'alpha']),
  torchKernel(RELU_GRAD, ['dy', 'x']), // backends/fused_gradients.ts: dy where x > 0, else 0
];
