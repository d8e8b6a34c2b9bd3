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
  const sum = new Float64Array(channels);
  const sq = new Float64Array(channels);
  for (const i of idx) {
    const base = i * per;
    for (let j = 0; j < per; j++) {
      const v = raw.x[base + j];
      sum[j % channels] += v;
      sq[j % channels] += v * v;
    }
  }
  const n = (idx.length * per) / channels;
  const mean = Array.from(sum, (s) => s / n / 255);
  const std = Array.from(sq, (s, c) => Math.sqrt(Math.max(s / n / 65025 - mean[c] * mean[c], 0)));
  return { mean, std: std.map((s) => (s > 0 ? s : 1)) };
}

/** Copies the examples `idx` (null: all) of `raw`, mapping each pixel v to (v/255 - mean[c]) / std[c]. */
export function normaliseSplit(raw: RawSplit, idx: Int32Array | null, mean: number[], std: number[]): Split {
  const channels = mean.length;
  const per = raw.x.length / raw.count;
  const lut = mean.map((m, c) => Float32Array.from({ length: 256 }, (_, v) => (v / 255 - m) / std[c]));
  const count = idx === null ? raw.count : idx.length;
  const x = new Float32Array(count * per);
  const y = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const i = idx === null ? k : idx[k];
    const src = i * per;
    const dst = k * per;
    if (channels === 1) {
      const l = lut[0];
      for (let j = 0; j < per; j++) x[dst + j] = l[raw.x[src + j]];
    } else {
      for (let j = 0; j < per; j++) x[dst + j] = lut[j % channels][raw.x[src + j]];
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
