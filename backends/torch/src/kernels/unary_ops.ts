// Elementwise kernels of one input `x` (csrc/kernels/elementwise.cc unaryKernels).
import * as k from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';

import { torchKernel } from '../kernel_utils.js';

const PLAIN = [
  k.Abs, k.Acos, k.Acosh, k.Asin, k.Asinh, k.Atan, k.Atanh, k.Ceil, k.Cos, k.Cosh, k.Elu, k.Erf, k.Exp,
  k.Expm1, k.Floor, k.IsFinite, k.IsInf, k.IsNan, k.Log, k.Log1p, k.LogicalNot, k.Neg, k.Reciprocal,
  k.Relu, k.Relu6, k.Round, k.Rsqrt, k.Selu, k.Sigmoid, k.Sign, k.Sin, k.Sinh, k.Softplus, k.Sqrt,
  k.Square, k.Tan, k.Tanh,
];

export const unaryConfigs: readonly KernelConfig[] = [
  ...PLAIN.map((name) => torchKernel(name, ['x'])),
  torchKernel(k.ClipByValue, ['x'], ({ attrs }) => [attrs.clipValueMin as number, attrs.clipValueMax as number]),
  torchKernel(k.LeakyRelu, ['x'], ({ attrs }) => [attrs.alpha as number]),
  torchKernel(k.Step, ['x'], ({ attrs }) => [attrs.alpha as number]),
];
