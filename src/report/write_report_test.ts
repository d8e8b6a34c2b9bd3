import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../test/helpers/cli.js';
import { findRuns, loadRuns } from './load_results.js';
import { finalTraining, runsTable } from './tables.js';
import { writeReport } from './write_report.js';

function fakeRun(dir: string, sparsity: number | null, criterion: string, collapsed = false): void {
  mkdirSync(dir, { recursive: true });
  const kept = sparsity === null ? 100 : Math.round(100 * (1 - sparsity));
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({
    model: 'lenet-300-100', dataset: 'synthetic', sparsity, criterion, scope: 'global', init: 'vs-h', seed: 1, scoreBatchSize: 10, scoreBatches: 1,
    backend: 'cpu', prunable: 200, kept: 2 * kept, collapsed: collapsed ? ['fc2/kernel'] : [], scoreSeconds: 0,
    layers: [{ name: 'fc1/kernel', shape: [10, 10], kept: collapsed ? 2 * kept : kept, total: 100 }, { name: 'fc2/kernel', shape: [10, 10], kept: collapsed ? 0 : kept, total: 100 }],
    training: { iterations: 20, bestIteration: 20, bestValError: 0.2, testError: 0.25, testLoss: 1, wallSeconds: 1, examplesPerSecond: 10 },
  }));
  writeFileSync(join(dir, 'metrics.jsonl'), [10, 20].map((i) => JSON.stringify({ kind: 'train', iteration: i, loss: 2 / i })).join('\n') + '\n');
}

test('report: run folders and experiment folders become report.md with tables and PNGs', async () => {
  const root = tempDir('report');
  fakeRun(join(root, 'single'), 0.9, 'snip');
  fakeRun(join(root, 'exp', 'runs', 'a-dense'), null, 'snip');
  fakeRun(join(root, 'exp', 'runs', 'b-magnitude'), 0.99, 'magnitude', true);
  assert.deepEqual(findRuns(join(root, 'exp')).map((p) => p.split('/').pop()), ['a-dense', 'b-magnitude']);
  const out = join(root, 'report');
  const files = await writeReport([join(root, 'single'), join(root, 'exp')], out);
  assert.deepEqual(files, ['report.md', 'test-error.png', 'training-loss.png', 'layer-density.png']);
  for (const f of files) assert.ok(existsSync(join(out, f)), f);
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  assert.match(md, /\| single \| lenet-300-100 \| synthetic \| snip \(global\) \| 90\.00% \| 20 \/ 200 \| 25\.00% \|/);
  assert.match(md, /\| b-magnitude \|.*\| fc2\/kernel \|/); // collapse named
  assert.match(md, /\| b-magnitude \| 2\.00% \| \*\*0\*\* \|/); // per-layer table
});

test('report: a folder without runs is a clear error; duplicate names are made unique', () => {
  const root = tempDir('report-bad');
  assert.throws(() => findRuns(root), /holds no run folder/);
  fakeRun(join(root, 'x', 'r'), 0.5, 'random');
  fakeRun(join(root, 'y', 'r'), 0.5, 'random');
  assert.deepEqual(loadRuns([join(root, 'x'), join(root, 'y')]).map((r) => r.name), ['r', 'r~2']);
});

test('report: training loss and accuracy are the mean of the batches logged in the last 500 iterations', () => {
  const point = (iteration: number, loss: number, accuracy?: number) => ({ kind: 'train' as const, iteration, loss, accuracy });
  const metrics = [point(400, 9, 0), point(1000, 3, 0.5), point(1400, 2, 0.6), { kind: 'val' as const, iteration: 1500, valError: 0.5 }, point(1500, 1, 0.7)];
  const f = finalTraining(metrics)!;
  assert.equal(f.loss, 1.5); // 1000 and earlier fall outside (1500 - 500, 1500]
  assert.ok(Math.abs(f.accuracy! - 0.65) < 1e-12);
  assert.equal(finalTraining([point(10, 1), point(20, 3)])!.accuracy, undefined); // runs that logged no accuracy
  assert.equal(finalTraining([]), undefined);
  const root = tempDir('report-final');
  fakeRun(join(root, 'r'), 0.5, 'snip');
  assert.match(runsTable(loadRuns([root])), /\| 20 \| 0\.15 \| 1 \|/); // losses 0.2 and 0.1, no accuracy logged
});
