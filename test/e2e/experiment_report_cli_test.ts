// `snip experiment` and `snip report` as a user runs them (no training: a report of a pruned run).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { snipCli, tempDir } from '../helpers/cli.js';

test('snip experiment rejects an unknown name and lists the experiments', () => {
  const r = snipCli(['experiment', 'nope']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /sparsity-sweep/);
  assert.match(r.stderr, /layer-density/);
});

test('snip report turns a pruned run folder into report.md with a per-layer chart', () => {
  const root = tempDir('report-cli');
  const run = join(root, 'run');
  const pruned = snipCli(['prune', '--model', 'lenet-300-100', '--dataset', 'synthetic', '--criterion', 'magnitude', '--sparsity', '0.9', '--backend', 'cpu', '--out', run]);
  assert.equal(pruned.status, 0, pruned.stderr);
  const out = join(root, 'report');
  const r = snipCli(['report', run, '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  assert.match(md, /\| run \| lenet-300-100 \| synthetic \| magnitude \(global\) \| 90\.00% \| 4,960 \/ 49,600 \| not trained \|/);
  assert.ok(existsSync(join(out, 'layer-density.png')));
});
