import { _FusedMatMul, util, type _FusedMatMulAttrs, type _FusedMatMulInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { activationId, allFloat32, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';
import { planMatMul } from '../mat_mul_attrs.js';

// out[b] = act(op(a[b]) · op(b[b]) + bias), bias one value per output column.
function fusedMatMul(args: KernelArgs<Present<Pick<_FusedMatMulInputs, 'a' | 'b'>> & Pick<_FusedMatMulInputs, 'bias'>, _FusedMatMulAttrs>): TensorInfo {
  const { inputs: { a, b, bias }, backend, attrs } = args;
  const plan = planMatMul(a, b, attrs.transposeA, attrs.transposeB);
  const act = activationId(attrs.activation);
  const n = plan?.attrs[4];
  const biasOk = bias == null || (util.sizeFromShape(bias.shape) === n && bias.shape[bias.shape.length - 1] === n);
  if (plan === undefined || act === undefined || !biasOk || !allFloat32(backend, a, b, bias)) return cpuFallback(_FusedMatMul, args);
  const inputs = bias == null ? [a, b] : [a, b, bias];
  return backend.runNative('_FusedMatMul', inputs, plan.outShape, [...plan.attrs, act, attrs.leakyreluAlpha ?? 0.2, bias == null ? 0 : 1]);
}

export const _fusedMatMulConfig: KernelConfig = { kernelName: _FusedMatMul, backendName: BACKEND_NAME, kernelFunc: fusedMatMul as unknown as KernelFunc };
