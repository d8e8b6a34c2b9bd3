// Helpers shared by the kernel files: the typed kernel arguments, a config maker for kernels
// whose inputs map one-to-one onto the addon's, and the attribute layouts csrc/ reads.
import { backend_util, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME, type TorchBackend } from './backend_torch.js';
import { runOnCpu } from './cpu_fallback.js';

/** tfjs types every kernel input as optional; this marks the ones a kernel requires. */
export type Present<I> = { [K in keyof I]-?: Exclude<I[K], undefined> };

/** A kernel's arguments, as tfjs passes them to our backend. */
export interface KernelArgs<I, A = Record<string, never>> {
  inputs: I;
  backend: TorchBackend;
  attrs: A;
}

type AnyArgs = KernelArgs<Record<string, TensorInfo | TensorInfo[] | undefined>, NamedAttrMap>;

/**
 * A config for kernel `kernelName` that passes the named inputs (those present, in order; or,
 * for 'list', the list tfjs passes to Concat, AddN, Pack) and
 * `attrs(args)` to the addon kernel of the same name. `attrs` returns undefined for calls the
 * addon does not handle, which run on tfjs-backend-cpu instead.
 */
export function torchKernel(kernelName: string, inputNames: readonly string[] | 'list', attrs: (args: AnyArgs) => number[] | undefined = () => []): KernelConfig {
  const kernelFunc = (args: AnyArgs): TensorInfo | TensorInfo[] => {
    const a = attrs(args);
    if (a === undefined) return runOnCpu(kernelName, args);
    const inputs = inputNames === 'list' ? listInputs(args.inputs) : inputNames.flatMap((n) => args.inputs[n] ?? []);
    const outs = args.backend.runTorch(kernelName, inputs, a);
    return outs.length === 1 ? outs[0]! : outs;
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc: kernelFunc as unknown as KernelFunc };
}

/** The inputs of a kernel that takes a list (Concat, AddN, Pack): tfjs passes an array. */
export function listInputs(inputs: unknown): TensorInfo[] {
  return Array.isArray(inputs) ? (inputs as TensorInfo[]) : Object.values(inputs as Record<string, TensorInfo>);
}

/** csrc/kernels/conv.cc Geom: strides, dilations, pads (top, bottom, left, right). */
export function convGeom(c: backend_util.Conv2DInfo): number[] {
  const p = c.padInfo;
  return [c.strideHeight, c.strideWidth, c.dilationHeight, c.dilationWidth, p.top, p.bottom, p.left, p.right];
}

/** csrc/kernels/pool.cc Pool: filter, strides, pads; undefined for dilated pools. */
export function poolGeom(c: backend_util.Conv2DInfo): number[] | undefined {
  if (c.dilationHeight !== 1 || c.dilationWidth !== 1) return undefined;
  const p = c.padInfo;
  return [c.filterHeight, c.filterWidth, c.strideHeight, c.strideWidth, p.top, p.bottom, p.left, p.right];
}

/** Fused activation ids of csrc/kernels.h applyActivation. */
export function activationId(name: backend_util.Activation | undefined | null): number {
  const ids: Record<backend_util.Activation, number> = { linear: 0, relu: 1, relu6: 2, elu: 3, sigmoid: 4, leakyrelu: 5, prelu: 6 };
  return ids[name ?? 'linear'];
}

export const DTYPE_CODES: Partial<Record<string, number>> = { float32: 0, int32: 1, bool: 2 };

export type Shape4 = [number, number, number, number];
