// Turns raw uint8 data into the Dataset of dataset.ts, the same way for every loader:
// a seeded hold-out of valFraction of the official training set as validation, per-channel
// mean/std from what is left for training, applied to train, val and test alike.
import { makeRng, mixSeed, permutation } from '../util/rng.js';
import type { Dataset, LoadOptions, Split } from './dataset.js';

/** Examples as stored on disk: NHWC uint8 pixels and their labels. */
export interface RawSplit {
  x: Uint8Array; // count * prod(inputShape)
  y: Uint8Array; // count labels
  count: number;
}

export interface RawData {
  name: string;
  inputShape: number[]; // [h, w, c]
  numClasses: number;
  train: RawSplit; // the official training set
  test: RawSplit;
}

const HOLD_OUT_STREAM = 0x401d; // keeps the hold-out's random stream apart from batch orders

/** Sorted indices of the training and validation parts of `count` examples. */
export function holdOut(count: number, valFraction: number, seed: number): { train: Int32Array; val: Int32Array } {
  if (!(valFraction >= 0 && valFraction < 1)) throw new Error(`valFraction must be in [0, 1), got ${valFraction}`);
  const nVal = Math.round(valFraction * count);
  const perm = permutation(count, makeRng(mixSeed(HOLD_OUT_STREAM, seed)));
  const val = perm.slice(0, nVal).sort();
  const train = perm.slice(nVal).sort();
  return { train, val };
}

/** Per-channel mean and (population) std of the examples `idx`, in units of pixel/255. */
export function channelStats(raw: RawSplit, idx: Int32Array, channels: number): { mean: number[]; std: number[] } {
  const per = raw.x.length / raw.count;
  const src = raw.x;
  const hist = new Float64Array(channels * 256); // hist[c * 256 + v]: how often channel c has value v
  for (const i of idx) {
    const base = i * per;
    for (let j = 0, c = 0; j < per; j++) {
      hist[c * 256 + src[base + j]]++;
      if (++c === channels) c = 0;
    }
  }
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < channels; c++) {
    let n = 0;
    let s = 0;
    let q = 0;
    for (let v = 0; v < 256; v++) {
      const k = hist[c * 256 + v];
      n += k;
      s += k * v;
      q += k * v * v;
    }
    const m = s / n / 255;
    const sd = Math.sqrt(Math.max(q / n / 65025 - m * m, 0));
    mean.push(m);
    std.push(sd > 0 ? sd : 1);
  }
  return { mean, std };
}

/** Copies the examples `idx` (null: all) of `raw`, mapping each pixel v to (v/255 - mean[c]) / std[c]. */
export function normaliseSplit(raw: RawSplit, idx: Int32Array | null, mean: number[], std: number[]): Split {
  const channels = mean.length;
  const per = raw.x.length / raw.count;
  // lut[c * 256 + v] is the normalised value of pixel value v in channel c
  const lut = new Float32Array(channels * 256);
  for (let c = 0; c < channels; c++) for (let v = 0; v < 256; v++) lut[c * 256 + v] = (v / 255 - mean[c]) / std[c];
  const count = idx === null ? raw.count : idx.length;
  const src = raw.x;
  // Shared memory, so that a batch-prefetch worker (prefetch.ts) reads the split without a copy.
  const x = new Float32Array(new SharedArrayBuffer(4 * count * per));
  const y = new Int32Array(new SharedArrayBuffer(4 * count));
  for (let k = 0; k < count; k++) {
    const i = idx === null ? k : idx[k];
    const from = i * per;
    const to = k * per;
    for (let j = 0, c = 0; j < per; j++) {
      x[to + j] = lut[c + src[from + j]];
      c += 256;
      if (c === channels * 256) c = 0;
    }
    y[k] = raw.y[i];
  }
  return { x, y, count };
}

function checkRaw(raw: RawData, split: RawSplit, which: string): void {
  const per = raw.inputShape.reduce((a, b) => a * b, 1);
  if (split.x.length !== split.count * per || split.y.length !== split.count) {
    throw new Error(`${raw.name} ${which}: ${split.count} examples but ${split.x.length} pixels / ${split.y.length} labels`);
  }
  for (let i = 0; i < split.count; i++) {
    if (split.y[i] >= raw.numClasses) throw new Error(`${raw.name} ${which}: label ${split.y[i]} at ${i} is not below ${raw.numClasses}`);
  }
}

/** The Dataset for `raw` under `opts` (seeded hold-out + normalisation from the training part). */
export function makeDataset(raw: RawData, opts: LoadOptions): Dataset {
  checkRaw(raw, raw.train, 'train');
  checkRaw(raw, raw.test, 'test');
  const parts = holdOut(raw.train.count, opts.valFraction, opts.seed);
  if (parts.train.length === 0) throw new Error(`${raw.name}: valFraction ${opts.valFraction} leaves no training examples`);
  const channels = raw.inputShape[raw.inputShape.length - 1];
  const { mean, std } = channelStats(raw.train, parts.train, channels);
  return {
    name: raw.name,
    inputShape: [...raw.inputShape],
    numClasses: raw.numClasses,
    train: normaliseSplit(raw.train, parts.train, mean, std),
    val: normaliseSplit(raw.train, parts.val, mean, std),
    test: normaliseSplit(raw.test, null, mean, std),
    normalisation: { mean, std },
  };
}
