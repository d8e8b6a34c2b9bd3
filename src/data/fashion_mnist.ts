// Fashion-MNIST (Xiao et al. 2017): 28x28 grey clothing images, 10 classes, 60k/10k, in MNIST's
// IDX format. By default from Debian's dataset-fashion-mnist package; or --data-dir.
import type { DatasetSpec, LoadOptions, Dataset } from './dataset.js';
import { loadIdxSource, type IdxFiles } from './idx_source.js';
import { makeDataset } from './split.js';

/** Where Debian's dataset-fashion-mnist installs the four gzipped IDX files. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** SHA-256 of the raw (uncompressed) files of dataset-fashion-mnist 0.0~git20200523.55506a9-1. */
export const FASHION_MNIST_FILES: IdxFiles = {
  trainImages: { name: 'train-images-idx3-ubyte', sha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888' },
  trainLabels: { name: 'train-labels-idx1-ubyte', sha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9' },
  testImages: { name: 't10k-images-idx3-ubyte', sha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b' },
  testLabels: { name: 't10k-labels-idx1-ubyte', sha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34' },
};

export const FASHION_MNIST_FIX = "install Debian's dataset-fashion-mnist or pass --data-dir";

export const fashionMnist: DatasetSpec = {
  name: 'fashion-mnist',
  description: "Fashion-MNIST clothing images, 28x28x1, 10 classes (Debian's dataset-fashion-mnist or --data-dir)",
  inputShape: [28, 28, 1],
  numClasses: 10,
  async load(opts: LoadOptions): Promise<Dataset> {
    const dir = opts.dataDir ?? DEBIAN_FASHION_MNIST_DIR;
    const fix = `${FASHION_MNIST_FIX} with the official Fashion-MNIST IDX files`;
    const raw = loadIdxSource({ name: 'fashion-mnist', dir, files: FASHION_MNIST_FILES, fix, numClasses: 10, imageShape: [28, 28] });
    return makeDataset(raw, opts);
  },
};
