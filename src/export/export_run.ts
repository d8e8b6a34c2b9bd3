// A trained run folder → a snip-export file (export_format.ts). Pure data: no TF.js backend needed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { loadSafetensors, type TensorMap } from '../io/safetensors.js';
import { getDataset } from '../data/registry.js';
import { MOMENTUM_PREFIX } from '../experiments/checkpoint.js';
import type { RunConfig } from '../experiments/config.js';
import { RUN_FILES } from '../experiments/run_dir.js';
import { encodeExport, type DenseWeight, type ExportContents, type ExportLayout, type ValueDtype } from './export_format.js';

export const WEIGHT_CHOICES = ['best', 'final'] as const;
export type WeightChoice = (typeof WEIGHT_CHOICES)[number];

export interface ExportOptions {
  layout: ExportLayout;
  dtype: ValueDtype;
  weights: WeightChoice; // best validation (best.safetensors) or last checkpoint
}

export interface ExportResult {
  bytes: Uint8Array; // the file
  denseFp32Bytes: number; // the same model as a dense fp32 export, for comparison
  contents: ExportContents;
}

const WEIGHT_FILES: Record<WeightChoice, 'best' | 'checkpoint'> = { best: 'best', final: 'checkpoint' };

/** Reads a run folder's config, masks and chosen weights. */
export function readRun(run: string, weights: WeightChoice): ExportContents {
  const file = (f: keyof typeof RUN_FILES) => join(run, RUN_FILES[f]);
  if (!existsSync(file('config'))) throw new Error(`${run} is not a run folder (no ${RUN_FILES.config}); pass the folder \`snip train --out\` wrote`);
  const weightFile = file(WEIGHT_FILES[weights]);
  if (!existsSync(weightFile)) throw new Error(`${run} has no ${RUN_FILES[WEIGHT_FILES[weights]]}: train it first (\`snip train --resume ${run}\`)`);
  if (!existsSync(file('masks'))) throw new Error(`${run} has no ${RUN_FILES.masks}`);
  let config: RunConfig;
  try {
    config = JSON.parse(readFileSync(file('config'), 'utf8')) as RunConfig;
  } catch (e) {
    throw new Error(`cannot read ${file('config')}: ${(e as Error).message}`);
  }
  const data = getDataset(config.dataset);
  const spec = {
    model: config.model, init: config.init, seed: config.seed, dataset: config.dataset,
    inputShape: data.inputShape, numClasses: data.numClasses, valFraction: config.valFraction, weights,
  };
  const masks = new Map<string, Uint8Array>();
  for (const [k, t] of Object.entries(loadSafetensors(file('masks')).tensors)) {
    if (t.dtype !== 'U8') throw new Error(`${file('masks')}: mask '${k}' is ${t.dtype}, expected U8`);
    masks.set(k, t.data as Uint8Array);
  }
  return { spec, weights: modelWeights(loadSafetensors(weightFile).tensors, weightFile), masks };
}

function modelWeights(tensors: TensorMap, source: string): Map<string, DenseWeight> {
  const out = new Map<string, DenseWeight>();
  for (const [k, t] of Object.entries(tensors)) {
    if (k.startsWith(MOMENTUM_PREFIX)) continue;
    if (t.dtype !== 'F32') throw new Error(`${source}: weight '${k}' is ${t.dtype}, expected F32`);
    out.set(k, { shape: t.shape, data: t.data as Float32Array });
  }
  return out;
}

export function exportRun(run: string, opts: ExportOptions): ExportResult {
  const contents = readRun(run, opts.weights);
  for (const k of contents.masks.keys()) if (!contents.weights.has(k)) throw new Error(`${run}: the mask '${k}' has no weight`);
  const bytes = encodeExport(contents, opts.layout, opts.dtype);
  const denseFp32Bytes = opts.layout === 'dense' && opts.dtype === 'fp32' ? bytes.length : encodeExport(contents, 'dense', 'fp32').length;
  return { bytes, denseFp32Bytes, contents };
}

/** Exports `run` and writes the file atomically. */
export function exportRunToFile(run: string, out: string, opts: ExportOptions): ExportResult {
  const r = exportRun(run, opts);
  writeFileAtomic(out, r.bytes);
  return r;
}
