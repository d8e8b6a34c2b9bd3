// Bad input: one line, a non-zero exit, and nothing already written is lost.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { snipCli, tempDir } from '../helpers/cli.js';
import { packagedMnistDir } from '../../src/data/mnist.js';

const quick = ['--backend', 'cpu', '--dataset', 'synthetic'];

function assertOneLineError(r: { status: number | null; stderr: string }, pattern: RegExp) {
  assert.notEqual(r.status, 0, 'non-zero exit');
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('(run with --help'));
  assert.equal(lines.length, 1, `one line of error, got:\n${r.stderr}`);
  assert.match(lines[0], pattern);
}

test('unknown model, dataset, backend, init and bad numbers are refused in one line', () => {
  const out = join(tempDir('bad'), 'run');
  assertOneLineError(snipCli(['prune', '--model', 'resnet-9000', '--out', out]), /resnet-9000.*lenet-300-100/);
  assertOneLineError(snipCli(['prune', '--dataset', 'imagenet', '--out', out]), /imagenet.*mnist/);
  assertOneLineError(snipCli(['prune', '--backend', 'tpu', '--out', out]), /tpu.*wasm/);
  assertOneLineError(snipCli(['prune', '--init', 'xavier', '--out', out]), /xavier.*vs-h/);
  assertOneLineError(snipCli(['prune', '--sparsity', 'lots', '--out', out]), /lots.*not a number/);
  assertOneLineError(snipCli(['train', '--iterations', '-5', '--out', out, ...quick]), /--iterations must be a positive integer/);
  assert.equal(existsSync(out), false, 'nothing written for refused flags');
});

test('sparsity outside (0, 1) and κ = 0 are refused', () => {
  const dir = tempDir('sparsity');
  for (const s of ['0', '1', '1.5', '-0.2']) {
    assertOneLineError(snipCli(['prune', ...quick, '--sparsity', s, '--out', join(dir, `r${s}`)]), /sparsity must be in \(0, 1\)/);
  }
  assertOneLineError(snipCli(['prune', ...quick, '--sparsity', '0.9999999999', '--out', join(dir, 'k0')]), /κ = 0/);
});

test('an existing run folder is kept unless --resume or --force', () => {
  const out = join(tempDir('exists'), 'run');
  assert.equal(snipCli(['prune', ...quick, '--sparsity', '0.9', '--out', out]).status, 0);
  const before = readFileSync(join(out, 'masks.safetensors'));
  assertOneLineError(snipCli(['prune', ...quick, '--sparsity', '0.5', '--out', out]), /already exists; pass --resume/);
  assert.deepEqual(readFileSync(join(out, 'masks.safetensors')), before, 'masks untouched');
  assert.equal(snipCli(['prune', ...quick, '--sparsity', '0.5', '--out', out, '--force']).status, 0);
});

test('a missing, truncated or corrupt MNIST file names the file', () => {
  const dir = tempDir('mnist');
  const out = join(dir, 'run');
  assertOneLineError(snipCli(['prune', '--backend', 'cpu', '--data-dir', join(dir, 'nowhere'), '--out', out]), /train-images-idx3-ubyte/);
  const data = join(dir, 'data');
  mkdirSync(data);
  for (const f of readdirSync(packagedMnistDir())) copyFileSync(join(packagedMnistDir(), f), join(data, f));
  const labels = join(data, 't10k-labels-idx1-ubyte');
  const bytes = readFileSync(labels);
  writeFileSync(labels, bytes.subarray(0, 5000));
  assertOneLineError(snipCli(['prune', '--backend', 'cpu', '--data-dir', data, '--out', out]), /t10k-labels-idx1-ubyte/);
  bytes[100] ^= 0xff;
  writeFileSync(labels, bytes);
  assertOneLineError(snipCli(['prune', '--backend', 'cpu', '--data-dir', data, '--out', out]), /t10k-labels-idx1-ubyte/);
});

test('a NaN loss stops training with one line and keeps what was written', () => {
  const out = join(tempDir('nan'), 'run');
  const r = snipCli(['train', ...quick, '--sparsity', '0.5', '--lr', '1e6', '--iterations', '200', '--validate-every', '10', '--out', out]);
  assertOneLineError(r, /training loss became (NaN|Infinity).*lower --lr/);
  for (const f of ['config.json', 'summary.json', 'masks.safetensors', 'init.safetensors']) assert.ok(existsSync(join(out, f)), f);
});
