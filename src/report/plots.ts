// The charts of a report, as Vega-Lite specs (rendered to PNG by util/chart_png).
import { sweepChart } from '../experiments/sparsity_sweep.js';
import type { ChartSpec } from '../util/chart_png.js';
import type { LoadedRun } from './load_results.js';

/** Most runs a per-layer bar chart shows per model before it stops being readable. */
export const MAX_BARS_RUNS = 12;

/** Test error against remaining weights (the sparsity sweep's chart), for trained runs. */
export function errorChart(runs: LoadedRun[]): ChartSpec | null {
  const trained = runs.filter((r) => r.summary.training);
  if (!trained.some((r) => r.summary.sparsity !== null)) return null;
  return sweepChart(trained.map(({ summary: s }) => ({
    model: s.model, criterion: `${s.sparsity === null ? 'dense' : s.criterion}${s.labels === 'shuffled' ? ' (shuffled labels)' : ''}`, sparsity: s.sparsity ?? 0, remaining: s.kept / s.prunable,
    testError: s.training!.testError, bestValError: s.training!.bestValError, collapsed: s.collapsed,
  })));
}

/** Training loss over iterations, one line per run. */
export function lossChart(runs: LoadedRun[]): ChartSpec | null {
  const values = runs.flatMap((r) => r.metrics.filter((m) => m.kind === 'train' && m.loss !== undefined).map((m) => ({ run: r.name, iteration: m.iteration, loss: m.loss })));
  if (values.length === 0) return null;
  return {
    title: 'Training loss', width: 460, height: 280, data: { values }, mark: { type: 'line' },
    encoding: {
      x: { field: 'iteration', type: 'quantitative' },
      y: { field: 'loss', type: 'quantitative', title: 'training loss (cross-entropy)' },
      color: { field: 'run', type: 'nominal', legend: { labelLimit: 400 } },
    },
  } as ChartSpec;
}

/** Kept fraction of every layer, bars grouped by layer, one colour per run. */
export function layerChart(runs: LoadedRun[]): ChartSpec | null {
  const perModel = new Map<string, number>();
  for (const r of runs) perModel.set(r.summary.model, (perModel.get(r.summary.model) ?? 0) + 1);
  if ([...perModel.values()].some((n) => n > MAX_BARS_RUNS)) return null;
  const values = runs.flatMap((r) => r.summary.layers.map((l, i) => ({
    model: r.summary.model, run: r.name, layer: `${String(i + 1).padStart(2, '0')} ${l.name.replace(/\/kernel$/, '')}`,
    keptPct: Math.max(0.01, (100 * l.kept) / l.total),
  })));
  return {
    title: 'Kept fraction per layer', data: { values }, facet: { row: { field: 'model', type: 'nominal', title: null } },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: { step: 10 }, height: 200, mark: 'bar',
      encoding: {
        x: { field: 'layer', type: 'nominal', title: 'layer (input → output)', axis: { labelAngle: -60 } },
        xOffset: { field: 'run', type: 'nominal' },
        y: { field: 'keptPct', type: 'quantitative', title: 'kept weights (%, log scale)', scale: { type: 'log', domain: [0.01, 100] } },
        y2: { datum: 0.01 },
        color: { field: 'run', type: 'nominal', legend: { labelLimit: 400 } },
      },
    },
  } as ChartSpec;
}
