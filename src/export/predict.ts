// Inference from an export: rebuild the model, test it on a data set's test split, time it.
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { getDataset } from '../data/registry.js';
import { disposeMasks, type MaskSet } from '../masks/mask_set.js';
import { evaluate, type Evaluation } from '../train/evaluate.js';
import type { ExportSpec, ValueDtype } from './export_format.js';
import { modelFromExport, readExport } from './load_export.js';

export interface PredictOptions {
  dataset?: string; // default: the one the model was trained on
  dataDir?: string;
  batchSize?: number;
  warn?: (line: string) => void;
}

export interface PredictResult {
  spec: ExportSpec;
  dtype: ValueDtype;
  dataset: string;
  evaluation: Evaluation;
  seconds: number; // inference over the test split only (not loading)
  examplesPerSecond: number;
}

/**
 * Prepares the loaded model for inference. The one place a sparse execution path plugs in:
 * `compileSparse(model, masks, opts)` (branch `sparse`) will replace the pruned layers' dense
 * kernels here; until then the dense graph runs with the pruned weights at zero.
 */
function prepareForInference(model: LayersModel, _masks: MaskSet): LayersModel {
  return model;
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
    const model = prepareForInference(loaded.model, loaded.masks);
    const start = performance.now();
    const evaluation = await evaluate(model, data.test, data.inputShape, opts.batchSize);
    const seconds = (performance.now() - start) / 1000;
    return { spec, dtype: loaded.dtype, dataset: name, evaluation, seconds, examplesPerSecond: evaluation.count / seconds };
  } finally {
    loaded.model.dispose();
    disposeMasks(loaded.masks);
  }
}
