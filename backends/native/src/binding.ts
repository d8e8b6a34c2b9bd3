// Loads the compiled addon (backends/native/build/Release/snip_native.node) if it built.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The addon's fixed exports (csrc/binding.cc). */
export interface NativeAddon {
  /** Runs one kernel; inputs are read, outputs are written in place. */
  runKernel(name: string, inputs: Float32Array[], outputs: Float32Array[], attrs: Float64Array): void;
  info(): { gemm: string; gemmImpls: string; threads: number; kernels: string[] };
  /** 'gemm': 'avx512' | 'avx2' | 'portable' | 'blas'; 'threads': 1..64. False if unavailable. */
  configure(key: 'gemm' | 'threads', value: string | number): boolean;
}

const ADDON = 'snip_native.node';
// From the sources (backends/native/src) and from the compiled copy (dist/backends/native/src).
const CANDIDATES = ['../build/Release/', '../../../../backends/native/build/Release/'];

let cached: NativeAddon | null | undefined;
let loadError = '';

/** The addon, or null if it is missing or fails to load (see nativeLoadError()). */
export function loadAddon(): NativeAddon | null {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const paths = [process.env.SNIP_NATIVE_ADDON ?? '', ...CANDIDATES.map((c) => fileURLToPath(new URL(c + ADDON, import.meta.url)))];
  const path = paths.find((p) => p !== '' && existsSync(p));
  cached = null;
  if (path === undefined) {
    loadError = `${ADDON} not found (run npm install to build it)`;
  } else {
    try {
      cached = require(path) as NativeAddon;
    } catch (err) {
      loadError = `${path}: ${(err as Error).message}`;
    }
  }
  return cached;
}

/** Why loadAddon() returned null, in one line ('' if it loaded). */
export function nativeLoadError(): string {
  return loadError;
}
