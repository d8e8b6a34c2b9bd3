import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../experiments/config.js';
import { trainCommand, writeTable2, type Table2Row } from './table2.js';

function fakeRun(root: string, name: string, sparsity: number | null, testError: number, iterations = 100) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const config = { model: 'gru-s', dataset: 'mnist-seq', sparsity, criterion: 'snip', seed: 1, iterations, lrDecayEvery: 50, lrDecayFactor: 0.1, lr: 0.1, batchSize: 100, backend: 'native' };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ ...config, kept: 1, prunable: 2, collapsed: [], training: { testError, bestValError: testError, iterations } }));
}

test('table2: a pruned run pairs with the dense run of the same schedule; rows merge by model, data and sparsity', () => {
  const root = mkdtempSync(join(tmpdir(), 'table2-'));
  fakeRun(root, 'dense', null, 0.0131);
  fakeRun(root, 'pruned', 0.95, 0.0828);
  fakeRun(root, 'dense-longer', null, 0.01, 200); // another schedule: not this row's reference
  const out = join(root, 'table2.json');
  const { added } = writeTable2([root], out, 'test machine');
  assert.equal(added, 1);
  const rows = JSON.parse(readFileSync(out, 'utf8')) as Table2Row[];
  assert.deepEqual(rows.map((r) => [r.model, r.test_error, r.ref_test_error, r.paper_ref_error, r.paper_error]), [['gru-s', 8.28, 1.31, 1.87, 2.41]]);
  assert.match(rows[0].command, /--model gru-s --dataset mnist-seq --sparsity 0.95 --iterations 100 --lr-decay-every 50/);
  fakeRun(root, 'pruned', 0.95, 0.05); // a re-run replaces its row
  writeTable2([root], out, 'test machine');
  const again = JSON.parse(readFileSync(out, 'utf8')) as Table2Row[];
  assert.deepEqual(again.map((r) => r.test_error), [5]);
  assert.match(readFileSync(join(root, 'table2.md'), 'utf8'), /\| gru-s \| mnist-seq \| 95% \| 1\.31 \| 5\.00 \| \+3\.69 \| 1\.87 → 2\.41 \(\+0\.54\) \|/);
  assert.throws(() => writeTable2([join(root, 'dense')], out, 'x'), /no pruned run with a dense reference/);
});

test('trainCommand states the scoring options a run changed, that it read its data from a folder, and the torch device and TF32', () => {
  const c = defaultConfig('vgg-d', 'tiny-imagenet');
  assert.doesNotMatch(trainCommand({ ...c, sparsity: 0.95 }), /--score|--data-dir/);
  assert.match(trainCommand({ ...c, sparsity: 0.95, dataDir: '/x/tiny.tar.gz', scoreBatches: 1, scoreSampling: 'random' }),
    /^npx snip train --model vgg-d --dataset tiny-imagenet --data-dir … --sparsity 0\.95 --score-batches 1 --score-sampling random --iterations/);
  assert.doesNotMatch(trainCommand({ ...c, sparsity: null, scoreSampling: 'random' }), /--score/); // the dense reference scores nothing
  const { scoreSampling: _s, ...old } = { ...c, sparsity: 0.95, scoreBatches: 1 }; // a folder from before --score-sampling scored at random
  assert.match(trainCommand(old as typeof c), /--score-batches 1 --score-sampling random/);
  const gpu = { ...c, sparsity: 0.95, backend: 'torch', backendInfo: { device: 'cuda:0', tf32: true } };
  assert.match(trainCommand(gpu), /--backend torch --device cuda --dtype tf32$/);
  assert.match(trainCommand({ ...gpu, backendInfo: { device: 'cpu', tf32: false } }), /--backend torch$/);
});
