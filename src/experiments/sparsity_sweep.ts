// Test error against sparsity for every criterion and the dense reference, on LeNet-300-100
// and LeNet-5-Caffe (MNIST); one plot with a log-scaled remaining-weights axis.
import { join } from 'node:path';
import { criteria } from '../criteria/registry.js';
import { writeChartPng, type ChartSpec } from '../util/chart_png.js';
import { jobDir, pct, scheduleText, writeResults, type Experiment, type ExperimentConfig, type ExperimentIO } from './experiment.js';
import { jobConfig } from './job_config.js';
import type { TrainJob } from './jobs.js';
import { runJobsTolerant, type JobOutcome } from './tolerant_runs.js';

const FULL = { dataset: 'mnist', models: ['lenet-300-100', 'lenet5-caffe'], sparsities: [0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999] };
// The smoke run trains on the small synthetic set: it checks the pipeline, not the paper.
const QUICK = { dataset: 'synthetic', models: ['lenet-300-100'], sparsities: [0.9, 0.99] };
const PLOT = 'sparsity-sweep.png';

export interface SweepRow {
  model: string;
  criterion: string; // 'dense' for the reference
  sparsity: number;
  remaining: number; // kept / prunable
  testError: number | null; // null when training diverged
  bestValError: number | null;
  collapsed: string[];
  diverged?: string; // the training loop's error, e.g. 'training loss became NaN at iteration 7'
}

function sweepJobs(c: ExperimentConfig, { dataset, models, sparsities }: typeof FULL): TrainJob[] {
  const jobs: TrainJob[] = [];
  for (const model of models) {
    const id = `${model}-dense`;
    jobs.push({ id, dir: jobDir(c, id), config: jobConfig(c, model, dataset, { sparsity: null }) });
    for (const criterion of Object.keys(criteria)) {
      for (const sparsity of sparsities) {
        const jid = `${model}-${criterion}-${sparsity}`;
        jobs.push({ id: jid, dir: jobDir(c, jid), config: jobConfig(c, model, dataset, { sparsity, criterion }) });
      }
    }
  }
  return jobs;
}

function toRow(o: JobOutcome): SweepRow {
  const { model, sparsity, criterion } = o.job.config;
  const base = { model, criterion: sparsity === null ? 'dense' : criterion, sparsity: sparsity ?? 0 };
  if (o.diverged !== undefined) {
    const { kept, prunable, collapsed } = o.pruned;
    return { ...base, remaining: prunable > 0 ? kept / prunable : 1 - base.sparsity, testError: null, bestValError: null, collapsed, diverged: o.diverged };
  }
  const s = o.summary;
  return { ...base, remaining: s.kept / s.prunable, testError: s.training!.testError, bestValError: s.training!.bestValError, collapsed: s.collapsed };
}

const errorCell = (r: SweepRow) => (r.testError === null ? 'diverged' : `${pct(r.testError)}${r.collapsed.length > 0 ? ' †' : ''}`);

function markdown(c: ExperimentConfig, rows: SweepRow[], schedule: string, { dataset, sparsities }: typeof FULL): string {
  const lines = [`# Sparsity sweep${c.quick ? ' (quick smoke run)' : ''}`, '',
    `${dataset} test error (%) of the best-validation weights after ${schedule}; seed ${c.seed}; global top-κ. `
    + '† marks layer collapse (a layer kept no weight); "diverged": the training loss became NaN or infinite.', '', `![test error against remaining weights](${PLOT})`];
  for (const model of [...new Set(rows.map((r) => r.model))]) {
    const dense = rows.find((r) => r.model === model && r.criterion === 'dense');
    lines.push('', `## ${model}`, '', `dense reference: ${dense ? errorCell(dense) : 'n/a'}`, '',
      `| criterion | ${sparsities.map((s) => `${pct(s, 1)} sparse`).join(' | ')} |`, `|---|${sparsities.map(() => '---:').join('|')}|`);
    for (const criterion of Object.keys(criteria)) {
      const cells = sparsities.map((s) => rows.find((r) => r.model === model && r.criterion === criterion && r.sparsity === s))
        .map((r) => (r ? errorCell(r) : ''));
      lines.push(`| ${criterion} | ${cells.join(' | ')} |`);
    }
  }
  return lines.join('\n');
}

export function sweepChart(rows: SweepRow[]): ChartSpec {
  const values = rows.filter((r) => r.testError !== null)
    .map((r) => ({ ...r, remainingPct: 100 * r.remaining, errorPct: 100 * r.testError!, collapse: r.collapsed.length > 0 }));
  const x = { field: 'remainingPct', type: 'quantitative', scale: { type: 'log' }, title: 'remaining weights (%, log scale)' } as const;
  const y = { field: 'errorPct', type: 'quantitative', scale: { type: 'log' }, title: 'test error (%, log scale)' } as const;
  return {
    title: 'Test error against sparsity (dashed: dense reference; ✕: layer collapse)',
    data: { values }, facet: { column: { field: 'model', type: 'nominal', title: null } },
    spec: {
      width: 320, height: 260,
      layer: [
        { transform: [{ filter: "datum.criterion !== 'dense'" }], mark: { type: 'line', point: true }, encoding: { x, y, color: { field: 'criterion', type: 'nominal' } } },
        { transform: [{ filter: 'datum.collapse' }], mark: { type: 'point', shape: 'cross', size: 150, color: 'black', filled: true }, encoding: { x, y } },
        { transform: [{ filter: "datum.criterion === 'dense'" }], mark: { type: 'rule', strokeDash: [5, 4], color: 'gray' }, encoding: { y } },
      ],
    },
  } as ChartSpec;
}

export const sparsitySweep: Experiment = {
  name: 'sparsity-sweep',
  description: 'test error vs sparsity for every criterion and the dense reference (LeNet-300-100, LeNet-5-Caffe)',
  async run(c: ExperimentConfig, io: ExperimentIO) {
    const plan = c.quick ? QUICK : FULL;
    const jobs = sweepJobs(c, plan);
    io.log(`sparsity-sweep: ${jobs.length} trainings of ${jobs[0].config.iterations} iterations, seed ${c.seed}, into ${c.out}`);
    const rows = (await runJobsTolerant(c, io, jobs)).map(toRow);
    const json = { experiment: 'sparsity-sweep', quick: c.quick, seed: c.seed, iterations: jobs[0].config.iterations, ...plan, criteria: Object.keys(criteria), rows };
    const files = writeResults(c, json, markdown(c, rows, scheduleText(jobs[0].config), plan));
    await writeChartPng(join(c.out, PLOT), sweepChart(rows));
    return { name: 'sparsity-sweep', files: [...files, PLOT] };
  },
};
