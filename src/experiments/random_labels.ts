// Dense and SNIP-pruned nets trained on MNIST with true and with shuffled labels (the paper's
// section 5.4): the pruned net should fail to memorise (loss near ln 10), the dense one should not.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeChartPng, type ChartSpec } from '../util/chart_png.js';
import { jobDir, pct, scheduleText, writeResults, type Experiment, type ExperimentConfig, type ExperimentIO } from './experiment.js';
import { jobConfig } from './job_config.js';
import type { TrainJob } from './jobs.js';
import { RUN_FILES } from './run_dir.js';

const FULL = { models: [['lenet-300-100', 0.98], ['lenet5-caffe', 0.99]] as [string, number][], iterations: undefined as number | undefined };
const QUICK = { models: [['lenet-300-100', 0.98]] as [string, number][], iterations: 100 };
const PLOT = 'random-labels.png';

interface Variant { model: string; network: string; labels: 'true' | 'shuffled'; job: TrainJob }

function variants(c: ExperimentConfig, plan: typeof FULL): Variant[] {
  const exp = { ...c, iterations: c.iterations ?? plan.iterations };
  return plan.models.flatMap(([model, sparsity]) => (['true', 'shuffled'] as const).flatMap((labels) => [null, sparsity].map((s) => {
    const id = `${model}-${s === null ? 'dense' : `snip-${s}`}-${labels}-labels`;
    const config = jobConfig(exp, model, 'mnist', { sparsity: s, criterion: 'snip' });
    return { model, network: s === null ? 'dense' : `SNIP ${pct(s, 0)} sparse`, labels, job: { id, dir: jobDir(c, id), config, shuffleLabels: labels === 'shuffled' } };
  })));
}

/** Training-loss points of a run folder's metrics.jsonl. */
export function lossCurve(dir: string): { iteration: number; loss: number }[] {
  const path = join(dir, RUN_FILES.metrics);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { kind: string; iteration: number; loss: number })
    .filter((r) => r.kind === 'train').map((r) => ({ iteration: r.iteration, loss: r.loss }));
}

function chart(points: Record<string, unknown>[]): ChartSpec {
  return {
    title: 'Training loss with true and shuffled labels (dotted: ln 10, chance)',
    data: { values: points }, facet: { column: { field: 'model', type: 'nominal', title: null } },
    spec: {
      width: 340, height: 260,
      layer: [
        { mark: { type: 'line' }, encoding: {
          x: { field: 'iteration', type: 'quantitative', title: 'iteration' },
          y: { field: 'loss', type: 'quantitative', title: 'training loss (cross-entropy)' },
          color: { field: 'network', type: 'nominal' }, strokeDash: { field: 'labels', type: 'nominal', scale: { domain: ['true', 'shuffled'], range: [[1, 0], [5, 4]] } },
        } },
        { mark: { type: 'rule', strokeDash: [2, 3], color: 'black' }, encoding: { y: { datum: Math.log(10) } } },
      ],
    },
  } as ChartSpec;
}

export const randomLabels: Experiment = {
  name: 'random-labels',
  description: 'dense vs SNIP-pruned nets on true and shuffled MNIST labels: loss curves (the paper\'s section 5.4)',
  async run(c: ExperimentConfig, io: ExperimentIO) {
    const list = variants(c, c.quick ? QUICK : FULL);
    const iterations = list[0].job.config.iterations;
    io.log(`random-labels: ${list.length} trainings of ${iterations} iterations, seed ${c.seed}, into ${c.out}`);
    const summaries = await io.runJobs(list.map((v) => v.job));
    const rows = list.map((v, i) => {
      const curve = lossCurve(v.job.dir);
      return { model: v.model, network: v.network, labels: v.labels, kept: summaries[i].kept, prunable: summaries[i].prunable,
        finalTrainLoss: curve.at(-1)?.loss ?? null, testError: summaries[i].training!.testError, curve };
    });
    const md = [`# Random labels${c.quick ? ' (quick smoke run)' : ''}`, '',
      `MNIST, ${scheduleText(list[0].job.config)}, seed ${c.seed}; shuffled runs permute the training and validation labels (test labels stay true), `
      + 'and the pruned net is scored on the shuffled data. Chance level: ln 10 = 2.303.', '', `![training loss](${PLOT})`, '',
      '| model | network | labels | final training loss | test error (true labels) |', '|---|---|---|---:|---:|',
      ...rows.map((r) => `| ${r.model} | ${r.network} | ${r.labels} | ${r.finalTrainLoss?.toFixed(3) ?? 'n/a'} | ${pct(r.testError)} |`)];
    const files = writeResults(c, { experiment: 'random-labels', quick: c.quick, seed: c.seed, iterations, rows }, md.join('\n'));
    await writeChartPng(join(c.out, PLOT), chart(rows.flatMap((r) => r.curve.map((p) => ({ model: r.model, network: r.network, labels: r.labels, ...p })))));
    return { name: 'random-labels', files: [...files, PLOT] };
  },
};
