import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { INIT_NAMES } from '../models/model_spec.js';
import type { ExperimentConfig, ExperimentIO } from './experiment.js';
import { INIT_ORDER, initStudy, type InitRow } from './init_study.js';
import type { TrainJob } from './jobs.js';
import type { RunSummary } from './train_run.js';

// A stand-in for the job runner: no training, a made-up error per init; one job diverges.
function fakeIO(seen: TrainJob[]): ExperimentIO {
  return {
    log: () => {}, warn: () => {},
    async runJobs(jobs) {
      seen.push(...jobs);
      return jobs.map((j) => {
        if (j.config.model === 'lenet5-caffe' && j.config.init === 'rn') {
          throw new Error(`job ${j.id} failed (exit 1): snip: error: training loss became NaN at iteration 8; lower --lr or check the data`);
        }
        const err = 0.01 * (1 + INIT_ORDER.indexOf(j.config.init));
        const c = j.config;
        const summary: RunSummary = {
          model: c.model, dataset: c.dataset, sparsity: c.sparsity, criterion: c.criterion, scope: c.scope, init: c.init, seed: c.seed,
          scoreBatchSize: c.scoreBatchSize, scoreBatches: c.scoreBatches, backend: 'none', prunable: 100, kept: 5, layers: [], collapsed: [], scoreSeconds: 0,
          training: { iterations: c.iterations, bestIteration: c.iterations, bestValError: err, testError: err, testLoss: 0, wallSeconds: 0, examplesPerSecond: 0 },
        };
        return summary;
      });
    },
  };
}

test('init-study: four inits × four nets at the paper sparsities; a diverged run is a row, not a crash', async () => {
  assert.deepEqual([...INIT_ORDER].sort(), [...INIT_NAMES].sort());
  const out = mkdtempSync(join(tmpdir(), 'snip-init-study-'));
  try {
    for (const quick of [false, true]) {
      const seen: TrainJob[] = [];
      const c: ExperimentConfig = { out: join(out, String(quick)), quick, jobs: 2, seed: 4 };
      const result = await initStudy.run(c, fakeIO(seen));
      assert.equal(seen.length, 16);
      const plan = [...new Set(seen.map((j) => `${j.config.model}@${j.config.sparsity}`))];
      assert.deepEqual(plan, ['lenet-300-100@0.95', 'lenet5-caffe@0.98', 'gru-s@0.95', 'lstm-s@0.95']);
      assert.ok(seen.every((j) => j.config.seed === 4 && j.config.criterion === 'snip' && j.config.scope === 'global'));
      assert.deepEqual(seen.filter((j) => j.config.model === 'gru-s').map((j) => j.config.init), [...INIT_ORDER]);
      const datasets = [...new Set(seen.map((j) => j.config.dataset))].sort();
      assert.deepEqual(datasets, quick ? ['mnist', 'synthetic', 'synthetic-seq'] : ['mnist', 'mnist-seq']);
      assert.ok(seen.every((j) => j.config.iterations === (quick ? 20 : 100_000)));
      assert.deepEqual(result.files, ['results.json', 'results.md', 'init-study.png']);
      const json = JSON.parse(readFileSync(join(c.out, 'results.json'), 'utf8')) as { rows: InitRow[]; iterations: number };
      const bad = json.rows.find((r) => r.model === 'lenet5-caffe' && r.init === 'rn')!;
      assert.equal(bad.testError, null);
      assert.equal(bad.diverged, 'training loss became NaN at iteration 8');
      const md = readFileSync(join(c.out, 'results.md'), 'utf8');
      assert.match(md, /\| RN \| 1\.00% \| diverged \(training loss became NaN at iteration 8\) \| 1\.00% \| 1\.00% \|/);
      assert.match(md, /\| VS-H \| 4\.00% \| 4\.00% \| 4\.00% \| 4\.00% \|/);
      assert.match(md, new RegExp(`seed 4.*${quick ? 20 : 100000} iterations|${quick ? 20 : 100000} iterations.*seed 4`));
      assert.ok(existsSync(join(c.out, 'init-study.png')));
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
