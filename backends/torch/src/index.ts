// Public entry of the torch backend: register it (choosing the device), inspect it, tune it.
import '@tensorflow/tfjs-backend-cpu'; // its kernels back the ones the addon lacks
import { findBackendFactory, registerBackend } from '@tensorflow/tfjs-core';

import { BACKEND_NAME, TorchBackend } from './backend_torch.js';
import { loadTorchAddon, torchLoadError } from './binding.js';
import { useFusedGradients } from '../../fused_gradients.js';
import { registerAllKernels } from './register_all_kernels.js';

export { BACKEND_NAME as TORCH_BACKEND_NAME, TorchBackend } from './backend_torch.js';
export { torchLoadError } from './binding.js';
export { fallbackCalls } from './cpu_fallback.js';
export { fallbackKernelNames, torchKernelConfigs } from './register_all_kernels.js';

/** 'auto': CUDA when libtorch sees a GPU, else CPU. Also 'cuda:1' etc. */
export type TorchDevice = 'auto' | 'cpu' | 'cuda' | `cuda:${number}`;

export interface TorchOptions {
  /** Where tensors live; default $SNIP_TORCH_DEVICE, else 'auto'. */
  device?: TorchDevice;
}

/** Below native (3): torch is chosen explicitly, never as the default. */
const PRIORITY = 0;

function resolveDevice(device: string, cuda: boolean): string {
  if (device === 'auto') return cuda ? 'cuda' : 'cpu';
  if (device !== 'cpu' && !/^cuda(:\d+)?$/.test(device)) throw new Error(`unknown torch device '${device}'; valid: auto, cpu, cuda, cuda:N`);
  return device;
}

/**
 * Registers the `torch` backend and its kernels on `device`. Returns false, without throwing,
 * when the addon did not build or load (torchLoadError() says why); throws when the device is
 * unknown or unavailable (e.g. 'cuda' with a CPU-only libtorch). Safe to call more than once.
 */
export function registerTorchBackend(opts: TorchOptions = {}): boolean {
  const addon = loadTorchAddon();
  if (addon === null) return false;
  const device = resolveDevice(opts.device ?? process.env.SNIP_TORCH_DEVICE ?? 'auto', addon.info().cuda);
  if (!addon.configure('device', device)) throw new Error(`torch device '${device}' is unavailable (libtorch ${addon.info().version} has no CUDA or no GPU)`);
  if (findBackendFactory(BACKEND_NAME) == null) {
    addon.configure('tf32', false); // fp32 by default, like the other backends
    registerBackend(BACKEND_NAME, () => new TorchBackend(addon), PRIORITY);
    registerAllKernels();
  }
  useFusedGradients(); // each call: tfjs-core's gradients may have been registered since the last
  return true;
}

export interface TorchInfo {
  version: string;
  device: string;
  cuda: boolean;
  /** Tensors alive in the addon. */
  live: number;
  /** TensorFloat-32 allowed for matrix products and convolutions (configureTorch). */
  tf32: boolean;
  kernels: string[];
}

/** What the addon runs with, or undefined if it did not load. */
export function torchInfo(): TorchInfo | undefined {
  const info = loadTorchAddon()?.info();
  return info && { ...info, kernels: [...info.kernels].sort() };
}

/** TF32 matmuls/convolutions on Ampere+ GPUs (off by default), cuDNN autotuning, cuDNN's deterministic algorithms only. */
export function configureTorch(opts: { tf32?: boolean; cudnnBenchmark?: boolean; deterministic?: boolean; threads?: number }): void {
  const addon = loadTorchAddon();
  if (addon === null) throw new Error(`torch backend unavailable: ${torchLoadError()}`);
  if (opts.tf32 !== undefined) addon.configure('tf32', opts.tf32);
  if (opts.cudnnBenchmark !== undefined) addon.configure('cudnnBenchmark', opts.cudnnBenchmark);
  if (opts.deterministic !== undefined) addon.configure('deterministic', opts.deterministic);
  if (opts.threads !== undefined) addon.configure('threads', opts.threads);
}

/** Waits for the device's queued work (for timing). */
export function torchSync(): void {
  loadTorchAddon()?.sync();
}
