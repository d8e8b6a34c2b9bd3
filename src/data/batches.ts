// Deterministic minibatches. Iteration k of a run reads batch k mod B of epoch floor(k / B)
// (B = batches per epoch), and epoch e visits the examples in permutation(mixSeed(seed, e)).
// Nothing depends on earlier calls, so resuming at iteration k gives the identical stream.
import { makeRng, mixSeed, permutation } from '../util/rng.js';
import type { Split } from './dataset.js';

/** A batch as plain arrays: n examples (NHWC-flattened) and their labels. */
export interface Batch {
  x: Float32Array;
  y: Int32Array;
  n: number;
}

export class BatchSampler {
  readonly batchesPerEpoch: number;
  private readonly exampleSize: number;
  private cachedEpoch = -1;
  private cachedPerm: Int32Array = new Int32Array(0);

  /** Every batch has exactly batchSize examples; the last partial batch of an epoch is dropped. */
  constructor(
    private readonly split: Split,
    readonly batchSize: number,
    readonly seed: number,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
    if (split.count < batchSize) throw new Error(`batch size ${batchSize} exceeds the ${split.count} examples of the split`);
    this.batchesPerEpoch = Math.floor(split.count / batchSize);
    this.exampleSize = split.count > 0 ? split.x.length / split.count : 0;
  }

  /** The order of the examples in epoch `epoch` (a pure function of seed and epoch). */
  epochOrder(epoch: number): Int32Array {
    if (epoch !== this.cachedEpoch) {
      this.cachedPerm = permutation(this.split.count, makeRng(mixSeed(this.seed, epoch)));
      this.cachedEpoch = epoch;
    }
    return this.cachedPerm;
  }

  /** Indices (into the split) of the examples of iteration `iteration` (0-based). */
  indicesAt(iteration: number): Int32Array {
    if (!Number.isInteger(iteration) || iteration < 0) throw new Error(`iteration must be a non-negative integer, got ${iteration}`);
    const epoch = Math.floor(iteration / this.batchesPerEpoch);
    const start = (iteration % this.batchesPerEpoch) * this.batchSize;
    return this.epochOrder(epoch).slice(start, start + this.batchSize);
  }

  /** A copy of the data of iteration `iteration`. */
  batchAt(iteration: number): Batch {
    return gatherBatch(this.split, this.indicesAt(iteration), this.exampleSize);
  }
}

/**
 * `count` indices into `split` that spread over its classes evenly: round r takes the r-th
 * example of every class that still has one (classes and their examples in seeded orders), and
 * the pick is shuffled so that consecutive chunks mix classes. Any count of at least the number
 * of classes reaches every class (a random pick of 100 from Tiny-ImageNet's 200 misses over half).
 */
export function classBalancedIndices(split: Split, count: number, seed: number): Int32Array {
  if (!Number.isInteger(count) || count < 1 || count > split.count) throw new Error(`cannot pick ${count} of the ${split.count} examples of the split`);
  const rng = makeRng(seed);
  const byClass: number[][] = [];
  split.y.forEach((label, i) => (byClass[label] ??= []).push(i));
  const classes = byClass.filter((c) => c !== undefined).map((c) => Array.from(permutation(c.length, rng), (k) => c[k]));
  const picked = new Int32Array(count);
  let n = 0;
  for (let round = 0; n < count; round++) {
    for (const c of permutation(classes.length, rng)) {
      if (round < classes[c].length && n < count) picked[n++] = classes[c][round];
    }
  }
  const order = permutation(count, rng);
  return order.map((k) => picked[k]);
}

/** Copies the examples `idx` of `split` into a new batch. */
export function gatherBatch(split: Split, idx: Int32Array, exampleSize = split.x.length / split.count): Batch {
  const x = new Float32Array(idx.length * exampleSize);
  const y = new Int32Array(idx.length);
  idx.forEach((i, k) => {
    x.set(split.x.subarray(i * exampleSize, (i + 1) * exampleSize), k * exampleSize);
    y[k] = split.y[i];
  });
  return { x, y, n: idx.length };
}

/** The split in order, in chunks of `size` (the last may be smaller), as views without copying. */
export function* inOrderBatches(split: Split, size: number): Generator<Batch> {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be a positive integer, got ${size}`);
  const per = split.count > 0 ? split.x.length / split.count : 0;
  for (let start = 0; start < split.count; start += size) {
    const n = Math.min(size, split.count - start);
    yield { x: split.x.subarray(start * per, (start + n) * per), y: split.y.subarray(start, start + n), n };
  }
}
