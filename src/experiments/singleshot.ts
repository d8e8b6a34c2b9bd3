// Single-shot pruning at initialisation, then training: the pipeline behind `snip prune/train`.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { BatchSampler, classBalancedIndices, gatherBatch, type Batch } from '../data/batches.js';
import type { Dataset } from '../data/dataset.js';
import { getDataset } from '../data/registry.js';
import { saveSafetensors } from '../io/safetensors.js';
import { applyMasks } from '../masks/apply.js';
import { fullMasks, type MaskSet } from '../masks/mask_set.js';
import { pruneLoop } from '../masks/prune_loop.js';
import { prunableWeights, type PrunableWeight } from '../masks/prunable.js';
import { classesWithoutWeights, collapsedLayers, maskStats, totals, type LayerStats } from '../masks/stats.js';
import { getCriterion } from '../criteria/registry.js';
import { getModel } from '../models/registry.js';
import { softmaxCrossEntropy } from '../train/losses.js';
import { mixSeed } from '../util/rng.js';
import type { RunConfig } from './config.js';
import { loadMasks, loadWeights, saveMasks, saveWeights } from './checkpoint.js';
import type { RunDir } from './run_dir.js';
import type { RunIO } from './run_io.js';
import { writeSummaryMarkdown } from './summary_md.js';
import { runEnvironment } from './versions.js';

export const SCORE_STREAM = 0x5c0e; // seeds the scoring batch apart from the training stream

export interface PruneSummary {
  model: string;
  dataset: string;
  sparsity: number | null;
  criterion: string;
  scope: string;
  init: string;
  seed: number;
  scoreBatchSize: number;
  scoreBatches: number;
  scoreSampling?: string; // this and classesWithoutWeights: absent from run folders written before them
  backend: string;
  prunable: number; // N
  kept: number; // κ
  layers: LayerStats[];
  collapsed: string[];
  classesWithoutWeights?: number; // classes the classifier mask cut off (see classesWithoutWeights)
  scoreSeconds: number;
}

export interface Prepared {
  data: Dataset;
  model: LayersModel;
  weights: PrunableWeight[];
  masks: MaskSet;
  summary: PruneSummary;
}

/** Loads data, builds the model, scores and prunes it, and writes the run folder's first files. */
export async function preparePruned(config: RunConfig, dir: RunDir, io: RunIO): Promise<Prepared> {
  // Data first: a missing or corrupt data set fails before anything is written.
  const { data, model } = await loadAndBuild(config);
  dir.writeJson('config', { ...config, ...runEnvironment() });
  const weights = prunableWeights(model);
  saveWeights(dir.file('init'), model);
  const start = performance.now();
  const masks = config.sparsity === null ? fullMasks(new Map(weights.map((w) => [w.key, w.variable.shape]))) : await scoreAndPrune(config, data, model, weights, dir);
  const scoreSeconds = (performance.now() - start) / 1000;
  applyMasks(weights, masks);
  saveMasks(dir.file('masks'), masks);
  const summary = pruneSummary(config, weights, masks, data.numClasses, scoreSeconds, io);
  dir.writeJson('summary', summary);
  writeSummaryMarkdown(dir, config, summary);
  return { data, model, weights, masks, summary };
}

/**
 * The run's summary.json fields (and its warnings): kept weights per layer, collapsed layers,
 * and the classes the classifier mask cut off.
 */
export function pruneSummary(config: RunConfig, weights: PrunableWeight[], masks: MaskSet, numClasses: number, scoreSeconds: number, io: RunIO): PruneSummary {
  const layers = maskStats(masks);
  const { kept, total } = totals(layers);
  const collapsed = collapsedLayers(layers);
  if (collapsed.length > 0) io.warn(`LAYER COLLAPSE: no weight kept in ${collapsed.join(', ')}; the network cannot learn through them`);
  // The classifier: the last 2-D weight with one column per class.
  const classifier = [...weights].reverse().find((w) => w.variable.shape.length === 2 && w.variable.shape[1] === numClasses);
  const cut = classifier === undefined ? [] : classesWithoutWeights(masks.get(classifier.key)!);
  if (cut.length > 0) {
    io.warn(`${cut.length} of ${numClasses} classes kept no weight in ${classifier!.key}, so the network cannot predict them; ` +
      `usually the scoring data missed them: score on every class (--score-sampling balanced, --score-batch-size × --score-batches ≥ ${numClasses})`);
  }
  return {
    model: config.model, dataset: config.dataset, sparsity: config.sparsity, criterion: config.criterion, scope: config.scope,
    init: config.init, seed: config.seed, scoreBatchSize: config.scoreBatchSize, scoreBatches: config.scoreBatches,
    scoreSampling: config.scoreSampling, backend: tf.getBackend(), prunable: total, kept, layers, collapsed,
    classesWithoutWeights: cut.length, scoreSeconds,
  };
}

/** The scoring examples: --score-batches minibatches, random (the paper) or class-balanced. */
export function scoringBatches(config: RunConfig, data: Dataset): Batch[] {
  const seed = mixSeed(config.seed, SCORE_STREAM);
  const size = config.scoreBatchSize;
  if (config.scoreSampling === 'random') {
    const sampler = new BatchSampler(data.train, size, seed);
    return Array.from({ length: config.scoreBatches }, (_, i) => sampler.batchAt(i));
  }
  const count = size * config.scoreBatches;
  if (count > data.train.count) {
    throw new Error(`scoring needs ${count} examples (--score-batch-size ${size} × --score-batches ${config.scoreBatches}) but the training split has ${data.train.count}; lower --score-batches`);
  }
  const idx = classBalancedIndices(data.train, count, seed);
  return Array.from({ length: config.scoreBatches }, (_, i) => gatherBatch(data.train, idx.subarray(i * size, (i + 1) * size)));
}

async function scoreAndPrune(config: RunConfig, data: Dataset, model: LayersModel, weights: PrunableWeight[], dir: RunDir): Promise<MaskSet> {
  const raw = scoringBatches(config, data);
  const x = concatFloat(raw.map((b) => b.x));
  const y = Int32Array.from(raw.flatMap((b) => [...b.y]));
  saveSafetensors(dir.file('scoreBatch'), {
    x: { dtype: 'F32', shape: [y.length, ...data.inputShape], data: x },
    y: { dtype: 'I32', shape: [y.length], data: y },
  });
  const batches = raw.map((b) => ({ x: tf.tensor(b.x, [b.n, ...data.inputShape]), y: tf.tensor1d(b.y, 'int32') }));
  const ones = fullMasks(new Map(weights.map((w) => [w.key, w.variable.shape])));
  try {
    const criterion = getCriterion(config.criterion);
    const outcome = await pruneLoop(criterion, {
      model, weights, masks: ones, loss: softmaxCrossEntropy, seed: config.seed,
      batches: async function* () { yield* batches; },
    }, { sparsity: config.sparsity!, scope: config.scope, rounds: criterion.rounds ?? 1 });
    return outcome.masks;
  } finally {
    tf.dispose([...ones.values(), ...batches.flatMap((b) => [b.x, b.y])]);
  }
}

/** Rebuilds a pruned model from its run folder: initial weights, then masks. */
export async function reloadPrepared(config: RunConfig, dir: RunDir): Promise<Prepared> {
  const { data, model } = await loadAndBuild(config);
  const weights = prunableWeights(model);
  loadWeights(dir.file('init'), model);
  const masks = loadMasks(dir.file('masks'));
  applyMasks(weights, masks);
  return { data, model, weights, masks, summary: dir.readJson<PruneSummary>('summary') };
}

async function loadAndBuild(config: RunConfig): Promise<{ data: Dataset; model: LayersModel }> {
  const data = await getDataset(config.dataset).load({ dataDir: config.dataDir, seed: config.seed, valFraction: config.valFraction });
  const model = getModel(config.model).build({ init: config.init, seed: config.seed, inputShape: data.inputShape, numClasses: data.numClasses });
  return { data, model };
}

function concatFloat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}
