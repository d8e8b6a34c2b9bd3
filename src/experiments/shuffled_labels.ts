// Random labels (Zhang et al. 2017, as in the SNIP paper's section 5.4): the training and
// validation labels permuted by a seeded shuffle; the test set keeps its true labels.
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset, Split } from '../data/dataset.js';
import { getDataset } from '../data/registry.js';
import { getCriterion } from '../criteria/registry.js';
import { getModel } from '../models/registry.js';
import { prune } from '../prune.js';
import { makeRng, mixSeed, permutation } from '../util/rng.js';
import { saveMasks, saveWeights } from './checkpoint.js';
import type { RunConfig } from './config.js';
import type { RunDir } from './run_dir.js';
import type { RunIO } from './run_io.js';
import { preparePruned, pruneSummary, scoringBatches, type Prepared, type PruneSummary } from './singleshot.js';
import { writeSummaryMarkdown } from './summary_md.js';
import { runEnvironment } from './versions.js';

const LABEL_STREAM = 0x1abe1;

function shuffled(split: Split, seed: number): Split {
  const perm = permutation(split.count, makeRng(seed));
  return { ...split, y: Int32Array.from(perm, (i) => split.y[i]) };
}

/** The data set with its training and validation labels shuffled (a pure function of seed). */
export function shuffleTrainingLabels(data: Dataset, seed: number): Dataset {
  return { ...data, train: shuffled(data.train, mixSeed(seed, LABEL_STREAM, 0)), val: shuffled(data.val, mixSeed(seed, LABEL_STREAM, 1)) };
}

/**
 * preparePruned on shuffled labels: the network is scored on a batch of the shuffled training
 * set, the data it will be trained on. Writes the same run-folder files.
 */
export async function prepareShuffled(config: RunConfig, dir: RunDir, io: RunIO): Promise<Prepared> {
  if (config.sparsity === null) {
    const p = await preparePruned(config, dir, io);
    return { ...p, data: shuffleTrainingLabels(p.data, config.seed), summary: { ...p.summary, labels: 'shuffled' } as PruneSummary };
  }
  if (config.scoreBatches !== 1) throw new Error('shuffled-label runs score on one batch (--score-batches 1)');
  const real = await getDataset(config.dataset).load({ dataDir: config.dataDir, seed: config.seed, valFraction: config.valFraction });
  const data = shuffleTrainingLabels(real, config.seed);
  const model = getModel(config.model).build({ init: config.init, seed: config.seed, inputShape: data.inputShape, numClasses: data.numClasses });
  dir.writeJson('config', { ...config, labels: 'shuffled', ...runEnvironment() });
  saveWeights(dir.file('init'), model);
  const [b] = scoringBatches(config, data);
  const batch = { x: tf.tensor(b.x, [b.n, ...data.inputShape]), y: tf.tensor1d(b.y, 'int32') };
  const start = performance.now();
  const criterion = getCriterion(config.criterion);
  const r = await prune(model, batch, { sparsity: config.sparsity, criterion, scope: config.scope, seed: config.seed, rounds: criterion.rounds ?? 1 });
  const scoreSeconds = (performance.now() - start) / 1000;
  tf.dispose([batch.x, batch.y]);
  saveMasks(dir.file('masks'), r.masks);
  const summary = { ...pruneSummary(config, r.weights, r.masks, data.numClasses, scoreSeconds, io), labels: 'shuffled' };
  dir.writeJson('summary', summary);
  writeSummaryMarkdown(dir, config, summary);
  return { data, model, weights: r.weights, masks: r.masks, summary };
}
