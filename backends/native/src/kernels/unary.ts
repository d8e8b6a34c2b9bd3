import { Relu, Square, Step, type KernelConfig, type KernelFunc, type StepAttrs, type TensorInfo, type UnaryInputs } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

// Float32 unary maps (csrc/kernels/unary.cc); attrs turns the kernel's attributes into numbers.
function unaryConfig<A>(kernelName: string, attrs: (a: A) => number[] = () => []): KernelConfig {
  function run(args: KernelArgs<Present<UnaryInputs>, A>): TensorInfo {
    const { inputs: { x }, backend } = args;
    if (!allFloat32(backend, x)) return cpuFallback(kernelName, args);
    return backend.runNative(kernelName, [x], x.shape, attrs(args.attrs));
  }
  return { kernelName, backendName: BACKEND_NAME, kernelFunc: run as unknown as KernelFunc };
}

export const reluConfig = unaryConfig(Relu); // max(x, 0)
export const squareConfig = unaryConfig(Square); // x²
export const stepConfig = unaryConfig<StepAttrs>(Step, (a) => [a.alpha]); // x > 0 ? 1 : alpha (relu's derivative)
