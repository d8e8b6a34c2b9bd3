// `--resume` after a kill continues bit for bit: same final weights as an uninterrupted run.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadSafetensors } from '../../src/io/safetensors.js';
import { snipCli, snipCliAsync, tempDir } from '../helpers/cli.js';

const common = ['--dataset', 'synthetic', '--sparsity', '0.9', '--iterations', '1200', '--validate-every', '50', '--lr', '0.02', '--lr-decay-every', '500'];
// wasm, and native through its sparse kernels (--sparse on: the same layers in both runs).
const setups: Array<[string, string[]]> = [['wasm', ['--backend', 'wasm']], ['native, sparse kernels', ['--backend', 'native', '--sparse', 'on']]];

function checkpointIteration(dir: string): number {
  const path = join(dir, 'checkpoint.safetensors');
  if (!existsSync(path)) return 0;
  try {
    return (JSON.parse(loadSafetensors(path).metadata.state) as { iteration: number }).iteration;
  } catch {
    return 0; // mid-rename on another process: try again
  }
}

for (const [name, backendArgs] of setups) test(`${name}: a run killed mid-training and resumed ends with the same weights as an uninterrupted one`, async () => {
  const args = [...common, ...backendArgs];
  const root = tempDir('resume');
  const whole = join(root, 'whole');
  const killed = join(root, 'killed');
  assert.equal(snipCli(['train', ...args, '--out', whole]).status, 0);

  const child = snipCliAsync(['train', ...args, '--out', killed]);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 120_000;
  while (checkpointIteration(killed) < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGKILL');
  await exited;
  const at = checkpointIteration(killed);
  assert.ok(at >= 300 && at < 1200, `killed mid-run (checkpoint at ${at})`);
  assert.ok(!existsSync(join(killed, 'summary.md')) || !readFileSync(join(killed, 'summary.md'), 'utf8').includes('## Training'));

  const resumed = snipCli(['train', '--resume', killed]);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`resuming .* at iteration ${at}`));
  for (const file of ['checkpoint.safetensors', 'best.safetensors']) {
    const a = loadSafetensors(join(whole, file)).tensors;
    const b = loadSafetensors(join(killed, file)).tensors;
    assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
    for (const k of Object.keys(a)) assert.deepEqual(b[k].data, a[k].data, `${file}: ${k}`);
  }
  const sa = JSON.parse(readFileSync(join(whole, 'summary.json'), 'utf8'));
  const sb = JSON.parse(readFileSync(join(killed, 'summary.json'), 'utf8'));
  assert.equal(sb.training.testError, sa.training.testError);
  const lines = (d: string) => readFileSync(join(d, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).iteration);
  assert.deepEqual(lines(killed), lines(whole), 'metrics.jsonl has each step once');
});
