// Sequential MNIST: each image read row by row, 28 time steps of 28 pixels (the paper's
// recurrent-net benchmark). The same files, checksums, hold-out and normalisation as mnist.
import type { Dataset, DatasetSpec, LoadOptions } from './dataset.js';
import { mnist } from './mnist.js';

/** [time steps, features]: the NHWC buffer [n, 28, 28, 1] read as [n, 28 rows, 28 pixels]. */
export const MNIST_SEQ_SHAPE = [28, 28];

export const mnistSeq: DatasetSpec = {
  name: 'mnist-seq',
  description: 'MNIST read row by row: 28 time steps of 28 pixels, 10 classes (same files and splits as mnist)',
  inputShape: MNIST_SEQ_SHAPE,
  numClasses: 10,
  async load(opts: LoadOptions): Promise<Dataset> {
    const d = await mnist.load(opts);
    // Row-major HWC with C = 1 is already [row][pixel]: only the shape changes, not the data.
    return { ...d, name: 'mnist-seq', inputShape: MNIST_SEQ_SHAPE.slice() };
  },
};
