// MaxPoolGrad for wasm: the stock kernel starts its running maximum at 0, so windows whose
// inputs are all negative get no gradient (LeNet-5-Caffe has no activation before its pools).
// This one routes dy to the first maximum of each window, as tfjs-backend-cpu does:
//   dx[argmax window(p)] += dy[p]
import { backend_util, MaxPoolGrad } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type {
  KernelConfig,
  KernelFunc,
  MaxPoolGradAttrs,
  MaxPoolGradInputs,
  TensorInfo,
} from '@tensorflow/tfjs-core';

/** Pure max-pool backward over NHWC buffers (channels innermost for contiguous reads). */
export function maxPoolGradImpl(x: Float32Array, dy: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight, outWidth, padInfo } = info;
  const dx = new Float32Array(x.length);
  const best = new Float32Array(C);
  const where = new Int32Array(C);
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const r0 = oh * info.strideHeight - padInfo.top;
      let rMin = r0;
      while (rMin < 0) rMin += info.dilationHeight;
      const rMax = Math.min(H, r0 + info.effectiveFilterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const c0 = ow * info.strideWidth - padInfo.left;
        let cMin = c0;
        while (cMin < 0) cMin += info.dilationWidth;
        const cMax = Math.min(W, c0 + info.effectiveFilterWidth);
        best.fill(-Infinity);
        where.fill(-1);
        for (let r = rMin; r < rMax; r += info.dilationHeight) {
          for (let col = cMin; col < cMax; col += info.dilationWidth) {
            const base = ((n * H + r) * W + col) * C;
            for (let c = 0; c < C; c++) {
              if (x[base + c]! > best[c]!) {
                best[c] = x[base + c]!;
                where[c] = base + c;
              }
            }
          }
        }
        const o = ((n * outHeight + oh) * outWidth + ow) * C;
        for (let c = 0; c < C; c++) if (where[c]! >= 0) dx[where[c]!] += dy[o + c]!;
      }
    }
  }
  return dx;
}

function maxPoolGrad(args: { inputs: MaxPoolGradInputs; backend: BackendWasm; attrs: MaxPoolGradAttrs }): TensorInfo {
  const { backend, attrs } = args;
  const dy = args.inputs.dy as TensorInfo;
  const input = args.inputs.input as TensorInfo;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  // Views into the wasm heap: valid until the next allocation (makeOutput, after the maths).
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  return backend.makeOutput(input.shape, 'float32', undefined, maxPoolGradImpl(x, g, info));
}

export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as KernelFunc,
};
