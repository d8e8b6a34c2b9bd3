// Loads the compiled addon (backends/torch/build/Release/snip_torch.node) if it built.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The addon's fixed exports (csrc/binding.cc). dtype codes: 0 float32, 1 int32, 2 bool. */
export interface TorchAddon {
  /** Copies host values to a new tensor on the current device; returns its id. */
  fromHost(values: Float32Array | Int32Array | Uint8Array, shape: number[], dtype: number): number;
  /** Copies a tensor to the host (waits for the device). */
  toHost(id: number): Float32Array | Int32Array | Uint8Array;
  free(id: number): void;
  /** Runs a kernel; returns [count, (id, dtype, rank, ...shape) per output]. */
  run(name: string, ids: number[], attrs: Float64Array): Float64Array;
  configure(key: 'device', value: string): boolean;
  configure(key: 'tf32' | 'cudnnBenchmark' | 'deterministic', value: boolean): boolean;
  configure(key: 'threads', value: number): boolean;
  info(): { version: string; device: string; cuda: boolean; live: number; tf32: boolean; graphs: boolean; kernels: string[] };
  /** Waits until the device has finished the queued work. */
  sync(): void;
  /** A device copy of tensor `id` under a new id. */
  clone(id: number): number;
  /** A second id for the same tensor, also for one released inside the running capture. */
  alias(id: number): number;
  /** Copies `src`'s values into `dst`'s memory (same shape and dtype). */
  copyInto(dst: number, src: number): void;
  /**
   * CUDA graphs (csrc/graph.h): record the kernels issued until graphEnd() instead of running
   * them; `sharePoolOf` (0: none) is a graph never replayed again whose memory pool is reused.
   */
  graphBegin(sharePoolOf: number): void;
  /** Records copies into pre-capture tensors: [to, from, to, from, ...]. */
  graphWriteBack(pairs: number[]): void;
  /** The captured graph's id; throws if the capture failed (then call graphAbort()). */
  graphEnd(): number;
  graphAbort(): void;
  graphReplay(graph: number): void;
  graphFree(graph: number): void;
}

const ADDON = 'snip_torch.node';
// From the sources (backends/torch/src) and from the compiled copy (dist/backends/torch/src).
const CANDIDATES = ['../build/Release/', '../../../../backends/torch/build/Release/'];

let cached: TorchAddon | null | undefined;
let loadError = '';

/** The addon, or null if it is missing or fails to load (see torchLoadError()). */
export function loadTorchAddon(): TorchAddon | null {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const paths = [process.env.SNIP_TORCH_ADDON ?? '', ...CANDIDATES.map((c) => fileURLToPath(new URL(c + ADDON, import.meta.url)))];
  const path = paths.find((p) => p !== '' && existsSync(p));
  cached = null;
  if (path === undefined) {
    loadError = `${ADDON} not found (install libtorch, e.g. apt-get install libtorch-dev, then run npm install)`;
  } else {
    try {
      cached = require(path) as TorchAddon;
    } catch (err) {
      loadError = `${path}: ${(err as Error).message.split('\n')[0]}`;
    }
  }
  return cached;
}

/** Why loadTorchAddon() returned null, in one line ('' if it loaded). */
export function torchLoadError(): string {
  return loadError;
}
