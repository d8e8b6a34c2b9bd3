// Which input pixels keep their connections (the paper's figure 3): LeNet-300-100's first layer
// scored by SNIP on a batch of one class at a time, per pixel the number of kept connections.
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { gatherBatch } from '../data/batches.js';
import type { Dataset } from '../data/dataset.js';
import { getDataset } from '../data/registry.js';
import { snip } from '../criteria/snip.js';
import { fullMasks, disposeMasks } from '../masks/mask_set.js';
import { prunableWeights } from '../masks/prunable.js';
import { selectMask } from '../masks/threshold.js';
import { getModel } from '../models/registry.js';
import { softmaxCrossEntropy } from '../train/losses.js';
import { ensureDir, writeFileAtomic } from '../io/atomic.js';
import { imageGridPng } from '../util/image_grid.js';
import { makeRng, mixSeed, permutation } from '../util/rng.js';
import { pct, writeResults, type Experiment, type ExperimentConfig, type ExperimentIO } from './experiment.js';

const MODEL = 'lenet-300-100';
const EXAMPLES = 100; // scoring batch, all of one class
const FULL = [0.1, 0.3, 0.5, 0.7, 0.9];
const QUICK = [0.5, 0.9];
const CLASS_NAMES: Record<string, string[]> = {
  mnist: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  'fashion-mnist': ['T-shirt', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Boot'],
};

/** Per input pixel, how many of the first layer's connections the mask keeps (row sums). */
export function keptPerInput(mask: Float32Array, inputs: number, units: number): Float32Array {
  const out = new Float32Array(inputs);
  for (let i = 0; i < inputs; i++) for (let j = 0; j < units; j++) out[i] += mask[i * units + j];
  return out;
}

/** counts[class][sparsity]: kept connections per pixel when scoring on that class alone. */
async function countsFor(data: Dataset, seed: number, sparsities: number[]): Promise<Float32Array[][]> {
  const model = getModel(MODEL).build({ init: 'vs-h', seed, inputShape: data.inputShape, numClasses: data.numClasses });
  const weights = prunableWeights(model);
  const [first] = weights;
  const [inputs, units] = first.variable.shape;
  const order = permutation(data.train.count, makeRng(mixSeed(seed, 0xf125)));
  const masks = fullMasks(new Map(weights.map((w) => [w.key, w.variable.shape])));
  const out: Float32Array[][] = [];
  for (let k = 0; k < data.numClasses; k++) {
    const idx = Int32Array.from(order.filter((i) => data.train.y[i] === k).slice(0, EXAMPLES));
    const b = gatherBatch(data.train, idx);
    const batch = { x: tf.tensor(b.x, [b.n, ...data.inputShape]), y: tf.tensor1d(b.y, 'int32') };
    const scores = await snip.score({ model, weights, masks, loss: softmaxCrossEntropy, seed, batches: async function* () { yield batch; } });
    out.push(sparsities.map((s) => {
      const m = selectMask(scores, s, 'global');
      const counts = keptPerInput(m.get(first.key)!.dataSync() as Float32Array, inputs, units);
      disposeMasks(m);
      return counts;
    }));
    tf.dispose([batch.x, batch.y, ...scores.values()]);
  }
  disposeMasks(masks);
  model.dispose();
  return out;
}

export const firstLayer: Experiment = {
  name: 'first-layer',
  description: `${MODEL}'s first layer: kept connections per input pixel when scoring on one class (the paper's figure 3)`,
  async run(c: ExperimentConfig, io: ExperimentIO) {
    const sparsities = c.quick ? QUICK : FULL;
    const results: Record<string, { skipped?: string; classes?: string[]; counts?: number[][][] }> = {};
    const md = [`# First-layer connections per pixel${c.quick ? ' (quick smoke run)' : ''}`, '',
      `${MODEL}, seed ${c.seed}, SNIP on ${EXAMPLES} training examples of a single class, global top-κ at `
      + `${sparsities.map((s) => pct(s, 0)).join(', ')} sparsity. Each image shows, per input pixel, the number of its `
      + 'connections to the 300 hidden units that are kept; white is the most kept in that image (scaled per image). No training.'];
    const files: string[] = [];
    ensureDir(c.out);
    for (const dataset of ['mnist', 'fashion-mnist']) {
      let data: Dataset;
      try {
        data = await getDataset(dataset).load({ dataDir: dataset === 'mnist' ? c.dataDir : c.fashionDir, seed: c.seed, valFraction: 0.1 });
      } catch (err) {
        let why = err instanceof Error ? err.message.split('\n')[0] : String(err);
        if (dataset === 'fashion-mnist') why += ' (here: --fashion-dir <dir>)';
        io.warn(`first-layer: skipping ${dataset}: ${why}`);
        results[dataset] = { skipped: why };
        md.push('', `## ${dataset}`, '', `**Skipped:** ${why}`);
        continue;
      }
      io.log(`first-layer: scoring ${MODEL} on each ${dataset} class`);
      const counts = await countsFor(data, c.seed, sparsities);
      const png = `first-layer-${dataset}.png`;
      writeFileAtomic(join(c.out, png), imageGridPng({
        title: `${MODEL} first layer, ${dataset}: kept connections per input pixel (rows: sparsity, columns: scoring class)`,
        rowLabels: sparsities.map((s) => `${pct(s, 0)} sparse`), colLabels: CLASS_NAMES[dataset], height: 28, width: 28,
        cells: sparsities.map((_, si) => counts.map((perClass) => normalise(perClass[si]))),
      }));
      files.push(png);
      results[dataset] = { classes: CLASS_NAMES[dataset], counts: counts.map((perClass) => perClass.map((a) => [...a])) };
      md.push('', `## ${dataset}`, '', `![${dataset}](${png})`);
    }
    const json = { experiment: 'first-layer', quick: c.quick, seed: c.seed, model: MODEL, examples: EXAMPLES, sparsities, datasets: results };
    return { name: 'first-layer', files: [...writeResults(c, json, md.join('\n')), ...files] };
  },
};

function normalise(a: Float32Array): Float32Array {
  const max = a.reduce((m, v) => Math.max(m, v), 0);
  return max > 0 ? a.map((v) => v / max) : a;
}
