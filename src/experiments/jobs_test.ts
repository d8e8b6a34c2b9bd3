import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { useCpu } from '../../test/helpers/cpu.js';
import { tempDir } from '../../test/helpers/cli.js';
import { getDataset } from '../data/registry.js';
import { jobConfig } from './job_config.js';
import { executeJob, finishedSummary } from './jobs.js';
import { silentIO } from './run_io.js';
import { shuffleTrainingLabels } from './shuffled_labels.js';

before(useCpu);

const exp = { out: '', quick: true, jobs: 1, seed: 3, iterations: 20 };

test('a job trains once, then is skipped; its folder has test results', async () => {
  const dir = join(tempDir('job'), 'run');
  const job = { id: 'j', dir, config: jobConfig(exp, 'lenet-300-100', 'synthetic', { sparsity: 0.9, criterion: 'magnitude' }) };
  assert.equal(finishedSummary(dir), null);
  const s = await executeJob(job, silentIO);
  assert.equal(s.training?.iterations, 20);
  assert.equal(s.kept, Math.round(0.1 * s.prunable));
  // --sparse auto's per-layer choice is recorded (cpu has no sparse kernels: all dense)
  assert.equal(s.sparse?.mode, 'auto');
  assert.deepEqual(s.sparse?.layers.map((l) => [l.layer, l.sparse]), [['fc1', false], ['fc2', false], ['fc3', false]]);
  const mtime = statSync(join(dir, 'summary.json')).mtimeMs;
  const again = await executeJob(job, silentIO);
  assert.deepEqual(again, JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')));
  assert.equal(statSync(join(dir, 'summary.json')).mtimeMs, mtime);
});

test('a shuffled-label job scores and trains on permuted labels and says so', async () => {
  const dir = join(tempDir('job-shuffled'), 'run');
  const job = { id: 'j', dir, config: jobConfig(exp, 'lenet-300-100', 'synthetic', { sparsity: 0.9 }), shuffleLabels: true };
  const s = await executeJob(job, silentIO);
  assert.equal((s as { labels?: string }).labels, 'shuffled');
  assert.equal(s.training?.iterations, 20);
});

test('shuffling keeps every label count, moves labels, leaves the test split alone', async () => {
  const data = await getDataset('synthetic').load({ seed: 1, valFraction: 0.1 });
  const mixed = shuffleTrainingLabels(data, 1);
  const counts = (y: Int32Array) => [...y].reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<number, number>());
  assert.deepEqual(counts(mixed.train.y), counts(data.train.y));
  assert.ok(mixed.train.y.some((v, i) => v !== data.train.y[i]));
  assert.equal(mixed.test, data.test);
  assert.deepEqual(shuffleTrainingLabels(data, 1).train.y, mixed.train.y);
});
