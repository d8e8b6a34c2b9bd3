// The initialisation study (Lee et al. 2019, Table 4): SNIP at each of the four
// initialisations, on LeNet-300-100 (95%), LeNet-5-Caffe (98%), GRU-s and LSTM-s (95%).
// The init applies to every weight, recurrent kernels included (models/rnn.ts).
import { join } from 'node:path';
import type { InitName } from '../models/model_spec.js';
import { writeChartPng, type ChartSpec } from '../util/chart_png.js';
import { jobDir, pct, scheduleText, writeResults, type Experiment, type ExperimentConfig, type ExperimentIO } from './experiment.js';
import { jobConfig } from './job_config.js';
import type { TrainJob } from './jobs.js';
import { runJobsTolerant, type JobOutcome } from './tolerant_runs.js';
import type { RunSummary } from './train_run.js';

interface Net { model: string; dataset: string; sparsity: number }

// The paper's order of the initialisations: plain and truncated normal, then variance scaling.
export const INIT_ORDER: readonly InitName[] = ['rn', 'tn', 'vs-x', 'vs-h'];
const FULL: Net[] = [
  { model: 'lenet-300-100', dataset: 'mnist', sparsity: 0.95 },
  { model: 'lenet5-caffe', dataset: 'mnist', sparsity: 0.98 },
  { model: 'gru-s', dataset: 'mnist-seq', sparsity: 0.95 },
  { model: 'lstm-s', dataset: 'mnist-seq', sparsity: 0.95 },
];
// The smoke run checks the pipeline, not the paper: the small synthetic sets stand in for
// MNIST, and LeNet-5-Caffe (whose 5x5 convolutions need 28x28 inputs) trains on MNIST.
const QUICK: Net[] = FULL.map((n) => ({ ...n, dataset: n.dataset === 'mnist-seq' ? 'synthetic-seq' : n.model === 'lenet5-caffe' ? 'mnist' : 'synthetic' }));
const PLOT = 'init-study.png';
// What the paper reports for this study and the issue quotes (% error).
const PAPER_NOTE = 'The paper reports GRU-s ≈ 47% error with RN and TN and 1.80% with variance scaling.';

export interface InitRow {
  model: string;
  dataset: string;
  init: InitName;
  sparsity: number;
  kept: number;
  prunable: number;
  testError: number | null; // null when training diverged
  bestValError: number | null;
  collapsed: string[];
  diverged?: string; // the training loop's error, e.g. 'training loss became NaN at iteration 8'
}

// A smoke run of 16 trainings: a third of the other experiments' quick length, a small hold-out.
const QUICK_OVERRIDES = { iterations: 20, validateEvery: 20, checkpointEvery: 20, logEvery: 5, valFraction: 0.02 };

function jobs(c: ExperimentConfig, nets: Net[]): TrainJob[] {
  const quick = c.quick && c.iterations === undefined ? QUICK_OVERRIDES : {};
  return nets.flatMap((n) => INIT_ORDER.map((init) => {
    const id = `${n.model}-${init}-${n.sparsity}`;
    return { id, dir: jobDir(c, id), config: jobConfig(c, n.model, n.dataset, { sparsity: n.sparsity, init, ...quick }) };
  }));
}

function toRow(s: RunSummary): InitRow {
  return {
    model: s.model, dataset: s.dataset, init: s.init as InitName, sparsity: s.sparsity ?? 0, kept: s.kept, prunable: s.prunable,
    testError: s.training!.testError, bestValError: s.training!.bestValError, collapsed: s.collapsed,
  };
}

function outcomeRow(o: JobOutcome): InitRow {
  if (o.diverged === undefined) return toRow(o.summary);
  const { model, dataset, init, sparsity } = o.job.config;
  return {
    model, dataset, init, sparsity: sparsity ?? 0, kept: o.pruned.kept, prunable: o.pruned.prunable,
    testError: null, bestValError: null, collapsed: o.pruned.collapsed, diverged: o.diverged,
  };
}

export function initMarkdown(c: ExperimentConfig, rows: InitRow[], nets: Net[], schedule: string): string {
  const cell = (n: Net, init: InitName) => {
    const r = rows.find((x) => x.model === n.model && x.init === init);
    if (!r) return '';
    return r.testError === null ? `diverged (${r.diverged})` : `${pct(r.testError)}${r.collapsed.length > 0 ? ' †' : ''}`;
  };
  return [
    `# Initialisation study${c.quick ? ' (quick smoke run: synthetic data where the model takes it; checks the pipeline, not the paper)' : ''}`, '',
    `Test error of the best-validation weights after SNIP at initialisation and ${schedule} of masked SGD; `
    + `seed ${c.seed}; global top-κ. RN / TN: normal / truncated normal, std 0.1; VS-X / VS-H: variance scaling `
    + '(Glorot / He). The initialisation applies to every weight, recurrent kernels included. † marks layer collapse.', '',
    `| init | ${nets.map((n) => `${n.model} (${n.dataset}, ${pct(n.sparsity, 0)} sparse)`).join(' | ')} |`,
    `|---|${nets.map(() => '---:').join('|')}|`,
    ...INIT_ORDER.map((init) => `| ${init.toUpperCase()} | ${nets.map((n) => cell(n, init)).join(' | ')} |`),
    '', PAPER_NOTE, '', `![test error per initialisation](${PLOT})`,
  ].join('\n');
}

export function initChart(rows: InitRow[]): ChartSpec {
  const values = rows.filter((r) => r.testError !== null).map((r) => ({ ...r, initLabel: r.init.toUpperCase(), errorPct: 100 * r.testError! }));
  return {
    title: 'SNIP test error per initialisation (diverged runs left out)',
    data: { values }, facet: { column: { field: 'model', type: 'nominal', title: null, sort: [...new Set(rows.map((r) => r.model))] } },
    spec: {
      width: 160, height: 220, mark: 'bar',
      encoding: {
        x: { field: 'initLabel', type: 'nominal', sort: INIT_ORDER.map((i) => i.toUpperCase()), title: 'initialisation', axis: { labelAngle: 0 } },
        y: { field: 'errorPct', type: 'quantitative', title: 'test error (%)' },
        color: { field: 'initLabel', type: 'nominal', legend: null },
      },
    },
    resolve: { scale: { y: 'independent' } },
  } as ChartSpec;
}

export const initStudy: Experiment = {
  name: 'init-study',
  description: 'SNIP at RN / TN / VS-X / VS-H initialisations: LeNet-300-100 and GRU-s / LSTM-s at 95%, LeNet-5-Caffe at 98%',
  async run(c: ExperimentConfig, io: ExperimentIO) {
    const nets = c.quick ? QUICK : FULL;
    const all = jobs(c, nets);
    const iterations = all[0].config.iterations;
    io.log(`init-study: ${all.length} trainings of ${iterations} iterations, seed ${c.seed}, into ${c.out}`);
    const rows = (await runJobsTolerant(c, io, all)).map(outcomeRow);
    const json = { experiment: 'init-study', quick: c.quick, seed: c.seed, iterations, inits: INIT_ORDER, nets, paper: PAPER_NOTE, rows };
    const files = writeResults(c, json, initMarkdown(c, rows, nets, scheduleText(all[0].config)));
    await writeChartPng(join(c.out, PLOT), initChart(rows));
    return { name: 'init-study', files: [...files, PLOT] };
  },
};
