// The `native` backend: tfjs-backend-cpu's TypedArray tensors, with hot kernels run by the addon.
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { util, type DataType, type TensorInfo } from '@tensorflow/tfjs-core';

import type { NativeAddon } from './binding.js';

export const BACKEND_NAME = 'native';

export class NativeBackend extends MathBackendCPU {
  constructor(readonly addon: NativeAddon) {
    super();
  }

  /** The float32 values of a tensor of this backend (no copy). */
  floats(t: TensorInfo): Float32Array {
    return this.data.get(t.dataId).values as Float32Array;
  }

  /** Runs native kernel `name` on `inputs` into a new float32 tensor of shape `outShape`. */
  runNative(name: string, inputs: readonly TensorInfo[], outShape: number[], attrs: readonly number[]): TensorInfo {
    const out = allocFloats(util.sizeFromShape(outShape));
    this.addon.runKernel(name, inputs.map((t) => this.floats(t)), [out], Float64Array.from(attrs));
    return this.makeTensorInfo(outShape, 'float32' satisfies DataType, out);
  }
}

/** Uninitialised storage: every native kernel writes all of its output. */
function allocFloats(n: number): Float32Array {
  if (n < 1024) return new Float32Array(n);
  const buf = Buffer.allocUnsafeSlow(n * 4);
  return new Float32Array(buf.buffer, buf.byteOffset, n);
}
