import { backend_util, SplitV, util, type KernelConfig, type KernelFunc, type SplitVAttrs, type SplitVInputs, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

// Splits along one axis by copying contiguous runs. tfjs' recurrent cells split their gate
// pre-activations every time step; the cpu kernel's element-by-element slice made that the
// bulk of an LSTM/GRU step.
function splitV(args: KernelArgs<Present<SplitVInputs>, SplitVAttrs>): TensorInfo[] {
  const { inputs: { x }, backend, attrs } = args;
  if (!allFloat32(backend, x)) return cpuFallback(SplitV, args) as unknown as TensorInfo[];
  const axis = util.parseAxisParam(attrs.axis, x.shape)[0];
  const sizes = backend_util.prepareSplitSize(x as never, attrs.numOrSizeSplits, axis);
  const outer = util.sizeFromShape(x.shape.slice(0, axis));
  const inner = util.sizeFromShape(x.shape.slice(axis + 1));
  const rowIn = x.shape[axis] * inner;
  const src = backend.floats(x);
  let offset = 0;
  return sizes.map((size) => {
    const start = offset * inner;
    const run = size * inner;
    offset += size;
    const shape = x.shape.slice();
    shape[axis] = size;
    return backend.makeFloat32('SplitV', shape, (out) => {
      for (let o = 0; o < outer; ++o) out.set(src.subarray(o * rowIn + start, o * rowIn + start + run), o * run);
    });
  });
}

export const splitVConfig: KernelConfig = { kernelName: SplitV, backendName: BACKEND_NAME, kernelFunc: splitV as unknown as KernelFunc };
