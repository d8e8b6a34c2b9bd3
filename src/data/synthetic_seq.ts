// The synthetic patterns read row by row (8 time steps of 8 pixels): a seconds-long data set
// for recurrent-net smoke runs and tests, as mnist-seq is to mnist.
import type { Dataset, DatasetSpec, LoadOptions } from './dataset.js';
import { synthetic } from './synthetic.js';

const SHAPE = [8, 8]; // [time steps, features]

export const syntheticSeq: DatasetSpec = {
  name: 'synthetic-seq',
  description: 'the synthetic 8x8 patterns read row by row: 8 time steps of 8 pixels, 4 classes, for smoke runs',
  inputShape: SHAPE,
  numClasses: synthetic.numClasses,
  async load(opts: LoadOptions): Promise<Dataset> {
    const d = await synthetic.load(opts);
    return { ...d, name: 'synthetic-seq', inputShape: SHAPE.slice() }; // the same buffer, [row][pixel]
  },
};
