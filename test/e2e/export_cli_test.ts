// `snip export` + `snip predict`: a trained run as a compact file, and inference from it.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { snipCli, tempDir } from '../helpers/cli.js';

let root: string;
let run: string;

function assertOneLineError(r: { status: number | null; stderr: string }, pattern: RegExp) {
  assert.notEqual(r.status, 0, 'non-zero exit');
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('(run with --help'));
  assert.equal(lines.length, 1, `one line of error, got:\n${r.stderr}`);
  assert.match(lines[0], pattern);
}

before(() => {
  root = tempDir('export');
  run = join(root, 'run');
  const r = snipCli(['train', '--dataset', 'synthetic', '--sparsity', '0.9', '--backend', 'cpu', '--iterations', '100', '--validate-every', '50', '--out', run]);
  assert.equal(r.status, 0, r.stderr);
});

test('sparse fp32 export predicts exactly the test error training reported, in a fraction of the dense size', () => {
  const file = join(root, 'model.safetensors');
  const e = snipCli(['export', run, '--format', 'sparse', '--dtype', 'fp32', '--out', file]);
  assert.equal(e.status, 0, e.stderr);
  const sizes = /size: dense fp32 ([\d,]+) B, this file ([\d,]+) B, ([\d.]+)x smaller/.exec(e.stdout);
  assert.ok(sizes, e.stdout);
  const [dense, sparse] = [sizes[1], sizes[2]].map((s) => Number(s.replace(/,/g, '')));
  assert.equal(sparse, statSync(file).size);
  assert.ok(sparse < dense / 4, `${sparse} vs dense ${dense}`);
  assert.match(e.stdout, /fc1\/kernel\s+\[64x300\]\s+(gaps|bitmap)/);

  const p = snipCli(['predict', file, '--backend', 'cpu', '--json']);
  assert.equal(p.status, 0, p.stderr);
  const got = JSON.parse(p.stdout);
  const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
  assert.equal(got.testError, summary.training.testError);
  assert.equal(got.dataset, 'synthetic');
  assert.equal(got.examples, 500);
  assert.ok(got.examplesPerSecond > 0);

  // Sparse kernels for every pruned layer (native, where they exist) predict the same.
  const run2 = snipCli(['predict', file, '--backend', 'native', '--sparse', 'on', '--json']);
  assert.equal(run2.status, 0, run2.stderr);
  const viaSparse = JSON.parse(run2.stdout);
  assert.ok(Math.abs(viaSparse.testError - summary.training.testError) <= 1 / 500, `${viaSparse.testError} vs ${summary.training.testError}`);
  assert.ok(viaSparse.sparse.length > 0 && viaSparse.sparse.every((l: { sparse: boolean }) => l.sparse === (viaSparse.backend === 'native')));
});

test('fp16 export is smaller and predicts within a point of fp32; dense export round-trips too', () => {
  const half = join(root, 'half.safetensors');
  const dense = join(root, 'dense.safetensors');
  assert.equal(snipCli(['export', run, '--dtype', 'fp16', '--weights', 'final', '--out', half]).status, 0);
  assert.equal(snipCli(['export', run, '--format', 'dense', '--out', dense]).status, 0);
  const single = join(root, 'single.safetensors');
  assert.equal(snipCli(['export', run, '--weights', 'final', '--out', single]).status, 0);
  assert.ok(statSync(half).size < 0.7 * statSync(single).size);
  const err = (f: string) => JSON.parse(snipCli(['predict', f, '--backend', 'cpu', '--json']).stdout).testError as number;
  assert.ok(Math.abs(err(half) - err(single)) <= 0.01, 'fp16 close to fp32');
  const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
  assert.equal(err(dense), summary.training.testError);
  const text = snipCli(['predict', dense, '--backend', 'cpu']);
  assert.match(text.stdout, /test error \d+\.\d\d% \(accuracy \d+\.\d\d%\).*examples\/s/);
});

test('a missing run, untrained run, corrupt or truncated file and wrong data set are refused in one line', () => {
  const out = join(root, 'x.safetensors');
  assertOneLineError(snipCli(['export', join(root, 'nowhere'), '--out', out]), /nowhere is not a run folder \(no config\.json\)/);
  const untrained = join(root, 'untrained');
  mkdirSync(untrained);
  copyFileSync(join(run, 'config.json'), join(untrained, 'config.json'));
  assertOneLineError(snipCli(['export', untrained, '--out', out]), /has no best\.safetensors: train it first/);
  assertOneLineError(snipCli(['export', run, '--dtype', 'fp8', '--out', out]), /fp8.*fp16/);

  const file = join(root, 'ok.safetensors');
  assert.equal(snipCli(['export', run, '--out', file]).status, 0);
  const bytes = readFileSync(file);
  const truncated = join(root, 'truncated.safetensors');
  writeFileSync(truncated, bytes.subarray(0, bytes.length - 10));
  assertOneLineError(snipCli(['predict', truncated, '--backend', 'cpu']), /truncated\.safetensors: .*truncated/);
  const corrupt = join(root, 'corrupt.safetensors');
  bytes[bytes.length - 1] ^= 0x01;
  writeFileSync(corrupt, bytes);
  assertOneLineError(snipCli(['predict', corrupt, '--backend', 'cpu']), /checksum mismatch/);
  assertOneLineError(snipCli(['predict', join(run, 'best.safetensors'), '--backend', 'cpu']), /not a snip-export file/);
  assertOneLineError(snipCli(['predict', join(root, 'none.safetensors'), '--backend', 'cpu']), /none\.safetensors: no such file/);
  assertOneLineError(snipCli(['predict', file, '--backend', 'cpu', '--dataset', 'mnist']), /dataset 'mnist' has inputs \[28,28,1\].*pass --dataset synthetic/);
});
