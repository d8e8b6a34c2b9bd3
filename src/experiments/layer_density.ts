// Kept fraction per layer for every criterion (no training): where each criterion puts its
// budget, and which ones collapse a layer. VGG-D and WRN-16-8 on CIFAR-10 by default.
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { BatchSampler } from '../data/batches.js';
import { getDataset } from '../data/registry.js';
import { criteria } from '../criteria/registry.js';
import type { Criterion } from '../criteria/criterion.js';
import { pruneLoop } from '../masks/prune_loop.js';
import { fullMasks, disposeMasks } from '../masks/mask_set.js';
import { prunableWeights } from '../masks/prunable.js';
import { getModel, models } from '../models/registry.js';
import { softmaxCrossEntropy } from '../train/losses.js';
import { mixSeed } from '../util/rng.js';
import { writeChartPng, type ChartSpec } from '../util/chart_png.js';
import { pct, writeResults, type Experiment, type ExperimentConfig, type ExperimentIO } from './experiment.js';
import { SCORE_STREAM } from './singleshot.js';

const FULL = { models: ['vgg-d', 'wrn-16-8'], sparsity: 0.95, scoreBatchSize: 128 };
const QUICK = { models: ['lenet-300-100'], sparsity: 0.95, scoreBatchSize: 100 };
const PLOT = 'layer-density.png';
const MIN_PCT = 0.01; // where a collapsed layer (0 kept) is drawn on the log axis

export interface DensityRow { model: string; criterion: string; layer: string; index: number; kept: number; total: number; collapsed: boolean; seconds: number }

/** An iterative criterion's rounds: its default, or the experiment's --rounds. */
const roundsOf = (k: Criterion, c: ExperimentConfig) => ((k.rounds ?? 1) > 1 ? c.rounds ?? k.rounds! : 1);

/** Prunes a fresh copy of `model` (same seed, same initialisation) with every criterion. */
async function densities(c: ExperimentConfig, modelName: string, sparsity: number, batchSize: number, io: ExperimentIO): Promise<DensityRow[]> {
  const spec = getModel(modelName);
  const dataset = spec.datasets[0];
  const data = await getDataset(dataset).load({ dataDir: c.dataDir, seed: c.seed, valFraction: 0.1 });
  const b = new BatchSampler(data.train, batchSize, mixSeed(c.seed, SCORE_STREAM)).batchAt(0);
  const batch = { x: tf.tensor(b.x, [b.n, ...data.inputShape]), y: tf.tensor1d(b.y, 'int32') };
  const rows: DensityRow[] = [];
  for (const criterion of Object.values(criteria)) {
    const model = spec.build({ init: 'vs-h', seed: c.seed, inputShape: data.inputShape, numClasses: data.numClasses });
    const weights = prunableWeights(model);
    const ones = fullMasks(new Map(weights.map((w) => [w.key, w.variable.shape])));
    const start = performance.now();
    const out = await pruneLoop(criterion, {
      model, weights, masks: ones, loss: softmaxCrossEntropy, seed: c.seed, batches: async function* () { yield batch; },
    }, { sparsity, scope: 'global', rounds: roundsOf(criterion, c) });
    const seconds = (performance.now() - start) / 1000;
    io.log(`layer-density: ${modelName} ${criterion.name}: ${out.kept} of ${out.total} kept in ${seconds.toFixed(1)} s${out.collapsed.length > 0 ? `, COLLAPSE in ${out.collapsed.join(', ')}` : ''}`);
    out.layers.forEach((l, index) => rows.push({ model: modelName, criterion: criterion.name, layer: l.name.replace(/\/kernel$/, ''), index, kept: l.kept, total: l.total, collapsed: l.kept === 0, seconds }));
    disposeMasks(out.masks);
    disposeMasks(ones);
    model.dispose();
  }
  tf.dispose([batch.x, batch.y]);
  return rows;
}

export function densityChart(rows: DensityRow[]): ChartSpec {
  const values = rows.map((r) => ({ ...r, keptPct: Math.max(MIN_PCT, (100 * r.kept) / r.total), layerLabel: `${String(r.index + 1).padStart(2, '0')} ${r.layer}` }));
  return {
    title: `Kept fraction per layer (global top-κ, no training; a collapsed layer is drawn at ${MIN_PCT}%)`,
    data: { values }, facet: { row: { field: 'model', type: 'nominal', title: null } },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: { step: 7 }, height: 220, mark: 'bar',
      encoding: {
        x: { field: 'layerLabel', type: 'nominal', title: 'layer (input → output)', sort: 'ascending', axis: { labelAngle: -60 } },
        xOffset: { field: 'criterion', type: 'nominal' },
        y: { field: 'keptPct', type: 'quantitative', title: 'kept weights (%)', scale: { type: 'log', domain: [MIN_PCT, 100] } },
        y2: { datum: MIN_PCT },
        color: { field: 'criterion', type: 'nominal' },
      },
    },
  } as ChartSpec;
}

export const layerDensity: Experiment = {
  name: 'layer-density',
  description: 'kept fraction per layer for every criterion on VGG-D and WRN-16-8 (bar chart; no training)',
  async run(c: ExperimentConfig, io: ExperimentIO) {
    const plan = c.quick ? QUICK : FULL;
    const chosen = plan.models.filter((m) => m in models);
    if (chosen.length === 0) throw new Error(`none of ${plan.models.join(', ')} is a registered model`);
    const rows: DensityRow[] = [];
    for (const m of chosen) rows.push(...(await densities(c, m, plan.sparsity, plan.scoreBatchSize, io)));
    const md = [`# Kept fraction per layer${c.quick ? ' (quick smoke run)' : ''}`, '',
      `${chosen.join(', ')} at ${pct(plan.sparsity, 0)} sparsity (global top-κ), seed ${c.seed}, scoring batch ${plan.scoreBatchSize}; `
      + `iterative criteria prune in rounds (${Object.values(criteria).filter((k) => (k.rounds ?? 1) > 1).map((k) => `${k.name} ${roundsOf(k, c)}`).join(', ')}).`,
      '', `![kept fraction per layer](${PLOT})`];
    for (const m of chosen) {
      const layers = [...new Set(rows.filter((r) => r.model === m).map((r) => r.layer))];
      const names = Object.keys(criteria);
      md.push('', `## ${m}`, '', `| layer | weights | ${names.join(' | ')} |`, `|---|---:|${names.map(() => '---:').join('|')}|`,
        ...layers.map((l) => {
          const cells = names.map((n) => rows.find((r) => r.model === m && r.criterion === n && r.layer === l)!);
          return `| ${l} | ${cells[0].total.toLocaleString('en')} | ${cells.map((r) => (r.collapsed ? '**0 (collapse)**' : pct(r.kept / r.total))).join(' | ')} |`;
        }));
    }
    const files = writeResults(c, { experiment: 'layer-density', quick: c.quick, seed: c.seed, ...plan, models: chosen, rows }, md.join('\n'));
    await writeChartPng(join(c.out, PLOT), densityChart(rows));
    return { name: 'layer-density', files: [...files, PLOT] };
  },
};
