// The training batches of an augmented data set: BatchSampler's batch t, then a random crop of
// the zero-padded image and a horizontal flip from a stream of its own per iteration, so batch t
// is a pure function of (split, batch size, seed, t) — on the main thread or in a prefetch worker.
import { makeRng, mixSeed } from '../util/rng.js';
import { augmentBatch } from './augment.js';
import { BatchSampler, type Batch } from './batches.js';
import type { Split } from './dataset.js';

const AUGMENT_STREAM = 0xa46;
const AUGMENT_PAD = 4; // random image-sized crops (32×32 CIFAR, 64×64 Tiny-ImageNet) of the 4-pixel zero-padded image

/** What fixes the stream; plain data, so a worker can rebuild the sampler from it. */
export interface AugmentedStream {
  batchSize: number;
  samplerSeed: number; // BatchSampler's seed (the run's training stream)
  augmentSeed: number; // the run's seed
  imageShape: number[]; // [h, w, c]
}

export class AugmentedSampler {
  private readonly sampler: BatchSampler;

  constructor(split: Split, readonly stream: AugmentedStream) {
    if (stream.imageShape.length !== 3) throw new Error(`augmentation needs image inputs [h, w, c], not [${stream.imageShape}]`);
    this.sampler = new BatchSampler(split, stream.batchSize, stream.samplerSeed);
  }

  batchAt(t: number): Batch {
    const b = this.sampler.batchAt(t);
    const [h, w, c] = this.stream.imageShape;
    return { ...b, x: augmentBatch(b.x, b.n, h, w, c, AUGMENT_PAD, makeRng(mixSeed(this.stream.augmentSeed, AUGMENT_STREAM, t))) };
  }
}
