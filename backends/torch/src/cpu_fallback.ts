// Kernels the addon lacks run on a private tfjs-backend-cpu: inputs copied to the host, the
// cpu kernel run, outputs copied back. Correct but synchronous, so hot kernels belong in csrc/.
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { getKernel, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME, type TorchBackend } from './backend_torch.js';

let cpu: MathBackendCPU | undefined;
/** How often each kernel ran on the cpu fallback (for benchmarks: hot loops should show none). */
export const fallbackCalls = new Map<string, number>();

function cpuBackend(): MathBackendCPU {
  if (cpu === undefined) {
    cpu = new MathBackendCPU();
    Reflect.set(cpu, 'firstUse', false); // no "running in Node.js" banner
  }
  return cpu;
}

type Inputs = Record<string, TensorInfo | TensorInfo[] | undefined> | TensorInfo[];

/** Runs tfjs-backend-cpu's `kernelName` on torch tensors and returns torch tensors. */
export function runOnCpu(kernelName: string, args: { inputs: Inputs; backend: TorchBackend; attrs: NamedAttrMap }): TensorInfo | TensorInfo[] {
  const kernel = getKernel(kernelName, 'cpu');
  if (kernel === undefined) throw new Error(`torch backend: no kernel ${kernelName} (and no cpu kernel to fall back to)`);
  fallbackCalls.set(kernelName, (fallbackCalls.get(kernelName) ?? 0) + 1);
  const c = cpuBackend();
  const temps: TensorInfo[] = [];
  const toCpu = (t: TensorInfo): TensorInfo => {
    const info = { dataId: c.write(args.backend.readSync(t.dataId), t.shape, t.dtype), shape: t.shape, dtype: t.dtype };
    temps.push(info);
    return info;
  };
  const map = (v: TensorInfo | TensorInfo[] | undefined) => (v === undefined ? v : Array.isArray(v) ? v.map(toCpu) : toCpu(v));
  const inputs = Array.isArray(args.inputs) ? args.inputs.map(toCpu) : Object.fromEntries(Object.entries(args.inputs).map(([k, v]) => [k, map(v)]));
  const out = kernel.kernelFunc({ inputs, backend: c, attrs: args.attrs } as unknown as Parameters<KernelFunc>[0]) as TensorInfo | TensorInfo[];
  const outs = Array.isArray(out) ? out : [out];
  const result = outs.map((o) => args.backend.makeTensorInfo(o.shape, o.dtype, c.readSync(o.dataId)));
  for (const t of [...temps, ...outs]) c.disposeData(t.dataId, true);
  return Array.isArray(out) ? result : result[0]!;
}

/** A `torch` config for a cpu kernel the addon does not implement. */
export function fallbackConfig(kernelName: string): KernelConfig {
  const kernelFunc = (args: { inputs: Inputs; backend: TorchBackend; attrs: NamedAttrMap }) => runOnCpu(kernelName, args);
  return { kernelName, backendName: BACKEND_NAME, kernelFunc: kernelFunc as unknown as KernelFunc };
}
