// A short real-MNIST run: LeNet-300-100 pruned to 95% by SNIP must pass 90% test accuracy.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { snipCli, tempDir } from '../helpers/cli.js';

test('LeNet-300-100 at 95% sparsity reaches > 90% MNIST test accuracy in 500 iterations', () => {
  const out = join(tempDir('mnist'), 'run');
  const r = snipCli(['train', '--model', 'lenet-300-100', '--dataset', 'mnist', '--sparsity', '0.95', '--backend', 'wasm',
    '--iterations', '500', '--validate-every', '250', '--seed', '1', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /fc1\/kernel\s+\[784x300\]/, 'prints the per-layer table');
  const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.equal(s.kept, Math.round(0.05 * 266_200));
  assert.ok(s.training.testError < 0.1, `test error ${s.training.testError}`);
  for (const f of ['config.json', 'summary.md', 'masks.safetensors', 'init.safetensors', 'score-batch.safetensors', 'metrics.jsonl', 'checkpoint.safetensors', 'best.safetensors']) {
    assert.ok(readFileSync(join(out, f)).length > 0, f);
  }
});

test('snip train on synthetic data finishes in under 30 s and beats chance', () => {
  const out = join(tempDir('synthetic'), 'run');
  const start = Date.now();
  const r = snipCli(['train', '--dataset', 'synthetic', '--sparsity', '0.9', '--backend', 'wasm', '--iterations', '300', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(Date.now() - start < 30_000);
  const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.ok(s.training.testError < 0.5, `synthetic test error ${s.training.testError} (chance 0.75)`);
});
