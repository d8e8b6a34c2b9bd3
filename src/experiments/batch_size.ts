// SNIP scored on |D^b| ∈ {1, 10, 100, 1000, 10000} examples (LeNet-5-Caffe, 98% sparse, MNIST);
// the paper (section 5.3) reports 1.94, 1.72, 1.64, 1.56, 1.40% test error.
import { join } from 'node:path';
import { writeChartPng, type ChartSpec } from '../util/chart_png.js';
import { jobDir, pct, scheduleText, writeResults, type Experiment, type ExperimentConfig, type ExperimentIO } from './experiment.js';
import { jobConfig } from './job_config.js';
import type { TrainJob } from './jobs.js';

export const PAPER_ERRORS: Record<number, number> = { 1: 0.0194, 10: 0.0172, 100: 0.0164, 1000: 0.0156, 10000: 0.014 };
const FULL = { sizes: [1, 10, 100, 1000, 10000], iterations: undefined as number | undefined, lr: undefined as number | undefined };
// LeNet-5-Caffe diverges in its first iterations at the protocol's lr 0.1 here; the smoke run uses 0.01.
const QUICK = { sizes: [1, 100], iterations: 20, lr: 0.01 };
const MODEL = 'lenet5-caffe';
const SPARSITY = 0.98;
const MAX_BATCH = 1000; // larger scoring sets are averaged over equal batches of this size
const PLOT = 'batch-size.png';

export interface BatchSizeRow {
  examples: number;
  testError: number;
  paperError: number | null;
  collapsed: string[];
}

function jobs(c: ExperimentConfig, { sizes, iterations, lr }: typeof FULL): TrainJob[] {
  const exp = { ...c, iterations: c.iterations ?? iterations, lr: c.lr ?? lr };
  return sizes.map((n) => {
    const per = Math.min(n, MAX_BATCH);
    if (n % per !== 0) throw new Error(`scoring set size ${n} is not a multiple of ${per}`);
    const id = `${MODEL}-snip-${SPARSITY}-d${n}`;
    return { id, dir: jobDir(c, id), config: jobConfig(exp, MODEL, 'mnist', { sparsity: SPARSITY, criterion: 'snip', scoreBatchSize: per, scoreBatches: n / per }) };
  });
}

function chart(rows: BatchSizeRow[]): ChartSpec {
  const values = rows.flatMap((r) => [
    { examples: r.examples, error: 100 * r.testError, source: 'this run' },
    ...(r.paperError === null ? [] : [{ examples: r.examples, error: 100 * r.paperError, source: 'paper (Lee et al. 2019)' }]),
  ]);
  return {
    title: `SNIP scoring-set size, ${MODEL} at ${100 * SPARSITY}% sparsity`, width: 380, height: 260, data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'examples', type: 'quantitative', scale: { type: 'log' }, title: 'examples in the scoring set |D^b| (log scale)' },
      y: { field: 'error', type: 'quantitative', title: 'test error (%)' },
      color: { field: 'source', type: 'nominal', title: null, legend: { labelLimit: 400 } },
    },
  } as ChartSpec;
}

export const batchSize: Experiment = {
  name: 'batch-size',
  description: `SNIP scored on 1 … 10,000 examples, ${MODEL} at ${100 * SPARSITY}% sparsity (the paper's section 5.3)`,
  async run(c: ExperimentConfig, io: ExperimentIO) {
    const plan = c.quick ? QUICK : FULL;
    const list = jobs(c, plan);
    const iterations = list[0].config.iterations;
    io.log(`batch-size: ${list.length} trainings of ${iterations} iterations, seed ${c.seed}, into ${c.out}`);
    const rows: BatchSizeRow[] = (await io.runJobs(list)).map((s, i) => ({
      examples: plan.sizes[i], testError: s.training!.testError, paperError: PAPER_ERRORS[plan.sizes[i]] ?? null, collapsed: s.collapsed,
    }));
    const md = [`# Scoring-set size${c.quick ? ' (quick smoke run)' : ''}`, '',
      `SNIP on ${MODEL}, MNIST, ${100 * SPARSITY}% sparsity, ${scheduleText(list[0].config)}, seed ${c.seed}. `
      + `Sets above ${MAX_BATCH} examples average the gradient over batches of ${MAX_BATCH} (the same gradient as one batch).`, '',
      `![test error against scoring-set size](${PLOT})`, '', '| examples | test error | paper |', '|---:|---:|---:|',
      ...rows.map((r) => `| ${r.examples} | ${pct(r.testError)}${r.collapsed.length > 0 ? ' (collapse)' : ''} | ${r.paperError === null ? '' : pct(r.paperError)} |`)];
    const files = writeResults(c, { experiment: 'batch-size', quick: c.quick, seed: c.seed, model: MODEL, sparsity: SPARSITY, iterations, rows }, md.join('\n'));
    await writeChartPng(join(c.out, PLOT), chart(rows));
    return { name: 'batch-size', files: [...files, PLOT] };
  },
};
