// Experiments end to end with a stand-in runner (no training): files written, collapse marked.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../test/helpers/cli.js';
import type { ExperimentConfig, ExperimentIO } from './experiment.js';
import type { TrainJob } from './jobs.js';
import { experiments, getExperiment } from './registry.js';
import type { RunSummary } from './train_run.js';

/** A made-up finished run: error grows with sparsity; 99% and above collapses fc1. */
function fakeSummary(job: TrainJob): RunSummary {
  const s = job.config.sparsity;
  const kept = s === null ? 100 : Math.round((1 - s) * 100);
  const collapsed = s !== null && s >= 0.99 ? ['fc1/kernel'] : [];
  return {
    model: job.config.model, dataset: job.config.dataset, sparsity: s, criterion: job.config.criterion, scope: 'global', init: 'vs-h',
    seed: job.config.seed, scoreBatchSize: job.config.scoreBatchSize, scoreBatches: job.config.scoreBatches, backend: 'cpu',
    prunable: 100, kept, layers: [{ name: 'fc1/kernel', shape: [10, 10], kept: collapsed.length ? 0 : kept, total: 100 }], collapsed, scoreSeconds: 0,
    training: { iterations: 1, bestIteration: 1, bestValError: 0.1, testError: 0.02 + (s ?? 0) / 10, testLoss: 0.1, wallSeconds: 1, examplesPerSecond: 1 },
  };
}

function fakeIO(seen: TrainJob[][]): ExperimentIO {
  return { log: () => {}, warn: () => {}, runJobs: async (jobs) => { seen.push(jobs); return jobs.map(fakeSummary); } };
}

const config = (out: string): ExperimentConfig => ({ out, quick: true, jobs: 1, seed: 1 });

for (const name of ['sparsity-sweep', 'batch-size', 'random-labels']) {
  test(`${name} --quick writes results.json, results.md and its PNG`, async () => {
    const out = tempDir(name);
    const seen: TrainJob[][] = [];
    const result = await getExperiment(name).run(config(out), fakeIO(seen));
    const jobs = seen.flat(); // one runJobs call for all, or one per job (experiments where a diverged run is a result)
    assert.ok(jobs.length > 0);
    assert.equal(new Set(jobs.map((j) => j.dir)).size, jobs.length, 'every job has its own folder');
    for (const f of result.files) assert.ok(existsSync(join(out, f)), f);
    const png = result.files.find((f) => f.endsWith('.png'))!;
    assert.deepEqual([...readFileSync(join(out, png)).subarray(1, 4)], [...Buffer.from('PNG')]);
    assert.ok(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).quick);
  });
}

test('sparsity-sweep trains every criterion at every sparsity plus the dense reference, and marks collapse', async () => {
  const out = tempDir('sweep');
  const seen: TrainJob[][] = [];
  await getExperiment('sparsity-sweep').run(config(out), fakeIO(seen));
  const ids = seen.flat().map((j) => j.id);
  assert.ok(ids.includes('lenet-300-100-dense'));
  assert.ok(ids.includes('lenet-300-100-synflow-0.99') && ids.includes('lenet-300-100-snip-iterative-0.9'));
  assert.match(readFileSync(join(out, 'results.md'), 'utf8'), /\| snip \| 11\.00% \| 11\.90% † \|/);
});

test('batch-size averages large scoring sets over batches of 1000', async () => {
  const seen: TrainJob[][] = [];
  await getExperiment('batch-size').run({ ...config(tempDir('bs')), quick: false, iterations: 1 }, fakeIO(seen));
  const big = seen[0].find((j) => j.id.endsWith('-d10000'))!;
  assert.deepEqual([big.config.scoreBatchSize, big.config.scoreBatches], [1000, 10]);
  assert.equal(big.config.sparsity, 0.98);
});

test('the registry rejects an unknown experiment with the valid list', () => {
  assert.ok(Object.keys(experiments).length >= 5);
  assert.throws(() => getExperiment('nope'), /valid experiments: sparsity-sweep/);
});

test('sparsity-sweep: a diverged training is a row, not the end of the sweep', async () => {
  const out = tempDir('sweep-diverged');
  const io: ExperimentIO = {
    log: () => {}, warn: () => {},
    runJobs: async (jobs) => {
      if (jobs.some((j) => j.id === 'lenet-300-100-grasp-0.9')) throw new Error('job lenet-300-100-grasp-0.9 failed (exit 1): training loss became NaN at iteration 7; lower --lr');
      return jobs.map(fakeSummary);
    },
  };
  await getExperiment('sparsity-sweep').run(config(out), io);
  const rows = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).rows as Array<{ criterion: string; sparsity: number; testError: number | null; diverged?: string }>;
  const bad = rows.find((r) => r.criterion === 'grasp' && r.sparsity === 0.9)!;
  assert.deepEqual([bad.testError, bad.diverged], [null, 'training loss became NaN at iteration 7']);
  assert.match(readFileSync(join(out, 'results.md'), 'utf8'), /\| grasp \| diverged \|/);
});
