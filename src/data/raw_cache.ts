// A disk cache of decoded uint8 data (RawData's train and test splits) for loaders whose
// decoding is slow (Tiny-ImageNet's 110k JPEGs): one safetensors file per source, written
// atomically, with the SHA-256 of its pixels and labels checked on every load.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { loadSafetensors, saveSafetensors, type SafeTensor } from '../io/safetensors.js';
import type { RawSplit } from './split.js';

export interface CachedRaw {
  train: RawSplit;
  test: RawSplit;
  /** Free-form strings stored with the data (e.g. the class ids). */
  info: Record<string, string>;
}

const SPLITS = ['train', 'test'] as const;

function digest(raw: { train: RawSplit; test: RawSplit }): string {
  const h = createHash('sha256');
  for (const s of SPLITS) h.update(raw[s].x).update(raw[s].y);
  return h.digest('hex');
}

/** Writes `raw` to `path` (atomically) with its checksum. */
export function saveRawCache(path: string, raw: CachedRaw, imageShape: number[]): void {
  const tensors: Record<string, SafeTensor> = {};
  for (const s of SPLITS) {
    tensors[`${s}_x`] = { dtype: 'U8', shape: [raw[s].count, ...imageShape], data: raw[s].x };
    tensors[`${s}_y`] = { dtype: 'U8', shape: [raw[s].count], data: raw[s].y };
  }
  saveSafetensors(path, tensors, { ...raw.info, sha256: digest(raw) });
}

/** The cached data at `path`, or undefined when there is none; a corrupt cache is an error. */
export function loadRawCache(path: string): CachedRaw | undefined {
  if (!existsSync(path)) return undefined;
  const fix = `delete ${path} to decode the data set again`;
  let file: ReturnType<typeof loadSafetensors>;
  try {
    file = loadSafetensors(path);
  } catch (err) {
    throw new Error(`${(err as Error).message}; ${fix}`);
  }
  const split = (s: string): RawSplit => {
    const x = file.tensors[`${s}_x`];
    const y = file.tensors[`${s}_y`];
    if (x?.dtype !== 'U8' || y?.dtype !== 'U8' || x.shape[0] !== y.shape[0]) throw new Error(`${path}: not a cache of decoded data (no uint8 ${s}_x/${s}_y); ${fix}`);
    return { x: x.data as Uint8Array, y: y.data as Uint8Array, count: y.shape[0] };
  };
  const { sha256, ...info } = file.metadata;
  const raw = { train: split('train'), test: split('test'), info };
  if (sha256 !== digest(raw)) throw new Error(`${path}: checksum mismatch, the cached data is corrupt; ${fix}`);
  return raw;
}
