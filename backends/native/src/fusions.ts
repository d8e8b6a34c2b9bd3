// Kernel pairs a replayed step runs as one native kernel (kernel_replay.ts asks, once per trace).
// A convolution whose output only a 2×2 stride-2 max pool reads (inference: training keeps it
// for the backward pass) is computed and pooled in one pass; the direct kernels never write the
// full-size output, which for LeNet-5's first layer is 4.6 MB at batch 100 that the pool then
// read back from memory.
import { Conv2D, FusedConv2D, MaxPool, type KernelFunc, type MaxPoolAttrs, type NamedAttrMap } from '@tensorflow/tfjs-core';

import type { FusedPair, KernelSite } from '../../kernel_replay.js';
import { activationId, POOL_2X2_ATTR } from './kernel_utils.js';

const SNIP_MASKED_CONV2D = 'SnipMaskedConv2D'; // kernels/SnipMaskedConv2D.ts (imports the backend: no cycle here)

const twos = (v: unknown) => v === 2 || (Array.isArray(v) && v.length === 2 && v[0] === 2 && v[1] === 2);

function isDisjointPool2x2(site: KernelSite): boolean {
  const a = site.attrs as unknown as MaxPoolAttrs;
  return site.kernelName === MaxPool && twos(a.filterSize) && twos(a.strides) && a.pad === 'valid';
}

function isNativeConv(site: KernelSite): boolean {
  const a = site.attrs as NamedAttrMap & { dataFormat?: string; activation?: string };
  if (site.kernelName === SNIP_MASKED_CONV2D) return true;
  if (site.kernelName === Conv2D) return a.dataFormat === 'NHWC';
  return site.kernelName === FusedConv2D && a.dataFormat === 'NHWC' && activationId(a.activation as never) !== undefined;
}

/** conv → MaxPool 2×2/2: the convolution kernel with POOL_2X2_ATTR set. */
export function fuseNativePair(first: KernelSite, second: KernelSite): FusedPair | undefined {
  if (!isNativeConv(first) || !isDisjointPool2x2(second)) return undefined;
  const fn: KernelFunc = first.fn;
  return { fn, attrs: { ...(first.attrs ?? {}), [POOL_2X2_ATTR]: true } };
}
