// A small learnable data set made from the seed, for fast tests and end-to-end runs:
// 8x8 grey images of four patterns (horizontal bars, vertical bars, diagonal, centre blob)
// with random contrast, brightness and Gaussian noise. 2000 train / 500 test examples.
import { makeRng, mixSeed, type Rng } from '../util/rng.js';
import type { DatasetSpec, LoadOptions, Dataset } from './dataset.js';
import { makeDataset, type RawSplit } from './split.js';

const SIZE = 8;
const CLASSES = 4;
const TRAIN = 2000;
const TEST = 500;

/** Class k's pattern value at pixel (r, c), in [-1, 1]. */
function pattern(k: number, r: number, c: number): number {
  switch (k) {
    case 0:
      return r % 2 === 0 ? 1 : -1; // horizontal bars
    case 1:
      return c % 2 === 0 ? 1 : -1; // vertical bars
    case 2:
      return Math.abs(r - c) <= 1 ? 1 : -1; // diagonal band
    default:
      return Math.max(Math.abs(r - 3.5), Math.abs(c - 3.5)) < 2 ? 1 : -1; // centre square
  }
}

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

function generate(count: number, rng: Rng): RawSplit {
  const x = new Uint8Array(count * SIZE * SIZE);
  const y = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const k = Math.floor(rng() * CLASSES);
    const contrast = 20 + 30 * rng();
    const brightness = 128 + 40 * (rng() - 0.5);
    for (let r = 0; r < SIZE; r++) {
      for (let c = 0; c < SIZE; c++) {
        const v = brightness + contrast * pattern(k, r, c) + 70 * gaussian(rng);
        x[i * SIZE * SIZE + r * SIZE + c] = Math.min(255, Math.max(0, Math.round(v)));
      }
    }
    y[i] = k;
  }
  return { x, y, count };
}

export const synthetic: DatasetSpec = {
  name: 'synthetic',
  description: 'synthetic 8x8x1 patterns with noise, 4 classes, 2000 train / 500 test, generated from the seed',
  inputShape: [SIZE, SIZE, 1],
  numClasses: CLASSES,
  async load(opts: LoadOptions): Promise<Dataset> {
    const train = generate(TRAIN, makeRng(mixSeed(opts.seed, 1)));
    const test = generate(TEST, makeRng(mixSeed(opts.seed, 2)));
    return makeDataset({ name: 'synthetic', inputShape: [SIZE, SIZE, 1], numClasses: CLASSES, train, test }, opts);
  },
};
