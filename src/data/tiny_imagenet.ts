// Tiny-ImageNet (cs231n, Stanford): 64x64 colour images of 200 ImageNet classes, 100k train
// (500 a class) and 10k labelled val (50 a class), which serves as our test set. Read from
// --data-dir (the tiny-imagenet-200 folder, a folder holding it, or tiny-imagenet-200.tar.gz),
// else from $SNIP_TINY_IMAGENET. Decoding takes a minute, so the decoded pixels are cached
// under $SNIP_CACHE/tiny-imagenet (default ~/.cache/snip), one checksummed file per source.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { snipCacheDir } from './cache_dir.js';
import type { Dataset, DatasetSpec, LoadOptions } from './dataset.js';
import { archiveTree, folderTree, isTarGz, type FileTree } from './file_tree.js';
import { loadRawCache, saveRawCache } from './raw_cache.js';
import { makeDataset } from './split.js';
import { readTinyImagenet, TINY_CLASSES, TINY_SIDE, type TinyReadOptions } from './tiny_imagenet_layout.js';

export const TINY_IMAGENET_ENV = 'SNIP_TINY_IMAGENET';
const ARCHIVE = 'tiny-imagenet-200.tar.gz';
const CACHE_FORMAT = '1'; // bump when the decoded layout changes, so old caches are not read
const INPUT_SHAPE = [TINY_SIDE, TINY_SIDE, 3];

/** Where the data set is: a folder with wnids.txt, or a .tar.gz holding one. */
export interface TinySource {
  kind: 'folder' | 'archive';
  path: string;
}

/** Finds the data set at `location` (the --data-dir value or the environment variable). */
export function locateTinyImagenet(location: string, fix: string): TinySource {
  const path = resolve(location);
  if (!existsSync(path)) throw new Error(`${location}: no such file or folder; ${fix}`);
  if (statSync(path).isFile()) {
    if (!isTarGz(path)) throw new Error(`${location}: not a folder or a .tar.gz; ${fix}`);
    return { kind: 'archive', path };
  }
  for (const dir of [path, join(path, 'tiny-imagenet-200')]) {
    if (existsSync(join(dir, 'wnids.txt'))) return { kind: 'folder', path: dir };
  }
  if (existsSync(join(path, ARCHIVE))) return { kind: 'archive', path: join(path, ARCHIVE) };
  throw new Error(`${location}: no wnids.txt, tiny-imagenet-200/ or ${ARCHIVE} found; ${fix}`);
}

/**
 * The cache file of a source: an archive is known by its SHA-256 (so copies share a cache), a
 * folder by its path and the size and time of its index files (rehashing 110k files would cost
 * as much as decoding them).
 */
export function tinyCachePath(src: TinySource, opts: TinyReadOptions): string {
  const identity = src.kind === 'archive'
    ? createHash('sha256').update(readFileSync(src.path)).digest('hex')
    : ['wnids.txt', 'val/val_annotations.txt'].map((f) => {
      const p = join(src.path, f);
      return existsSync(p) ? `${p}:${statSync(p).size}:${statSync(p).mtimeMs}` : `${p}:missing`;
    }).join('|');
  const key = createHash('sha256').update(JSON.stringify([CACHE_FORMAT, identity, opts.limitPerClass ?? null])).digest('hex');
  return join(snipCacheDir(), 'tiny-imagenet', `${key.slice(0, 24)}.safetensors`);
}

/** The decoded train and test splits of `src`, from the cache when it has them. */
export function loadTinyImagenetRaw(src: TinySource, fix: string, opts: TinyReadOptions = {}) {
  const cache = tinyCachePath(src, opts);
  const hit = loadRawCache(cache);
  if (hit !== undefined) return { ...hit, cache, cached: true };
  const tree: FileTree = src.kind === 'archive' ? archiveTree(src.path, 'wnids.txt', fix) : folderTree(src.path);
  const raw = readTinyImagenet(tree, fix, opts);
  const info = { source: src.path, wnids: raw.wnids.join(' ') };
  saveRawCache(cache, { train: raw.train, test: raw.test, info }, INPUT_SHAPE);
  return { train: raw.train, test: raw.test, info, cache, cached: false };
}

function location(opts: LoadOptions): { location: string; fix: string } {
  const fix = `pass --data-dir the tiny-imagenet-200 folder or ${ARCHIVE} (or set ${TINY_IMAGENET_ENV})`;
  if (opts.dataDir !== undefined) return { location: opts.dataDir, fix };
  const env = process.env[TINY_IMAGENET_ENV];
  if (env !== undefined && env !== '') return { location: env, fix };
  throw new Error(`tiny-imagenet: no data location given; ${fix}`);
}

export const tinyImagenet: DatasetSpec = {
  name: 'tiny-imagenet',
  description: `Tiny-ImageNet, 64x64x3, 200 classes (--data-dir or $${TINY_IMAGENET_ENV}: the tiny-imagenet-200 folder or .tar.gz; decoded once, cached)`,
  inputShape: INPUT_SHAPE,
  numClasses: TINY_CLASSES,
  augment: true,
  async load(opts: LoadOptions): Promise<Dataset> {
    const { location: at, fix } = location(opts);
    const { train, test } = loadTinyImagenetRaw(locateTinyImagenet(at, fix), fix);
    return makeDataset({ name: 'tiny-imagenet', inputShape: INPUT_SHAPE, numClasses: TINY_CLASSES, train, test }, opts);
  },
};
