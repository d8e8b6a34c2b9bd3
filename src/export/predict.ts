// Inference from an export: rebuild the model, test it on a data set's test split, time it.
import { getDataset } from '../data/registry.js';
import { disposeMasks } from '../masks/mask_set.js';
import { compileSparse, type SparseLayerChoice, type SparseMode } from '../sparse/compile_sparse.js';
import { evaluate, type Evaluation } from '../train/evaluate.js';
import type { ExportSpec, ValueDtype } from './export_format.js';
import { modelFromExport, readExport } from './load_export.js';

const DEFAULT_BATCH = 1000;

export interface PredictOptions {
  dataset?: string; // default: the one the model was trained on
  dataDir?: string;
  batchSize?: number;
  sparse?: SparseMode; // sparse kernels for the pruned layers: where they time faster (auto, default), always, never
  warn?: (line: string) => void;
}

export interface PredictResult {
  spec: ExportSpec;
  dtype: ValueDtype;
  dataset: string;
  evaluation: Evaluation;
  seconds: number; // inference over the test split only (not loading)
  examplesPerSecond: number;
  sparse: SparseLayerChoice[]; // per pruned layer: sparse or dense kernels, and why
}

/** Checks a data set fits the exported model before anything heavy is loaded. */
export function checkDataset(spec: ExportSpec, name: string, warn: (line: string) => void): void {
  const data = getDataset(name);
  if (data.inputShape.join(',') !== spec.inputShape.join(',') || data.numClasses !== spec.numClasses) {
    throw new Error(`dataset '${name}' has inputs [${data.inputShape}] and ${data.numClasses} classes, but the model (${spec.model}, trained on ${spec.dataset}) `
      + `takes [${spec.inputShape}] and ${spec.numClasses}; pass --dataset ${spec.dataset}`);
  }
  if (name !== spec.dataset) warn(`the model was trained on ${spec.dataset}, not ${name}`);
}

export async function predictExport(path: string, opts: PredictOptions = {}): Promise<PredictResult> {
  const file = await readExport(path);
  const { spec } = file;
  const name = opts.dataset ?? spec.dataset;
  checkDataset(spec, name, opts.warn ?? (() => {}));
  const loaded = modelFromExport(file, path);
  try {
    // The training run's seed and hold-out fraction give the same normalisation it trained with.
    const data = await getDataset(name).load({ dataDir: opts.dataDir, seed: spec.seed, valFraction: spec.valFraction });
    const batchSize = opts.batchSize ?? DEFAULT_BATCH;
    // The pruned layers run through sparse kernels where the backend has them and they are faster.
    const sparse = compileSparse(loaded.model, loaded.masks, { mode: opts.sparse ?? 'auto', batchSize, training: false });
    const start = performance.now();
    const evaluation = await evaluate(loaded.model, data.test, data.inputShape, batchSize);
    const seconds = (performance.now() - start) / 1000;
    return { spec, dtype: loaded.dtype, dataset: name, evaluation, seconds, examplesPerSecond: evaluation.count / seconds, sparse: sparse.layers };
  } finally {
    loaded.model.dispose();
    disposeMasks(loaded.masks);
  }
}
