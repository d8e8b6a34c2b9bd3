// Public entry of the native backend: register it, inspect it, tune it.
import { findBackendFactory, registerBackend } from '@tensorflow/tfjs-core';

import { BACKEND_NAME, NativeBackend } from './backend_native.js';
import { loadAddon, nativeLoadError } from './binding.js';
import { useFusedGradients } from '../../fused_gradients.js';
import { registerAllKernels } from './register_all_kernels.js';

export { BACKEND_NAME as NATIVE_BACKEND_NAME, NativeBackend } from './backend_native.js';
export { nativeLoadError } from './binding.js';

/** Priority above cpu (1) and wasm (2): `native` is tfjs's default once registered. */
const PRIORITY = 3;

/**
 * Registers the `native` backend and its kernels. Returns false, without throwing, when the
 * addon did not build or load (nativeLoadError() says why). Safe to call more than once.
 */
export function registerNativeBackend(): boolean {
  const addon = loadAddon();
  if (addon === null) return false;
  if (findBackendFactory(BACKEND_NAME) == null) {
    registerBackend(BACKEND_NAME, () => new NativeBackend(addon), PRIORITY);
    registerAllKernels();
  }
  useFusedGradients(); // each call: tfjs-core's gradients may have been registered since the last
  return true;
}

export interface NativeInfo {
  gemm: string;
  gemmImpls: string[];
  threads: number;
  kernels: string[];
}

/** What the addon runs with, or undefined if it did not load. */
export function nativeInfo(): NativeInfo | undefined {
  const info = loadAddon()?.info();
  return info && { ...info, gemmImpls: info.gemmImpls.split(','), kernels: [...info.kernels].sort() };
}

/** Picks the GEMM ('avx512' | 'avx2' | 'portable' | 'blas') and/or thread count; false if not available. */
export function configureNative(opts: { gemm?: string; threads?: number }): boolean {
  const addon = loadAddon();
  if (addon === null) throw new Error(`native backend unavailable: ${nativeLoadError()}`);
  let ok = true;
  if (opts.gemm !== undefined) ok = addon.configure('gemm', opts.gemm) && ok;
  if (opts.threads !== undefined) ok = addon.configure('threads', opts.threads) && ok;
  return ok;
}
