// The GPU machines get the CLI as one esbuild bundle (scripts/device/pack.sh bundles)
// that runs with a bare node and the torch addon: bundle it here, copy it away from the repo
// and node_modules, and train a few iterations on CPU torch with it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

import { loadTorchAddon } from '../../backends/torch/src/binding.js';
import { torchSkipReason } from '../../backends/torch/src/test_util.js';
import { tempDir } from '../helpers/cli.js';

const skip = torchSkipReason();

test('the bundled CLI trains on the torch backend with nothing but node and the addon', { skip, timeout: 240_000 }, () => {
  const bundle = spawnSync('bash', ['backends/torch/scripts/gpu_run.sh', 'bundle'], { encoding: 'utf8', env: { ...process.env } });
  assert.equal(bundle.status, 0, bundle.stderr);
  const dir = tempDir('bundle-run');
  copyFileSync(resolve('.device/snip.mjs'), join(dir, 'snip.mjs'));
  const addon = resolve('backends/torch/build/Release/snip_torch.node');
  assert.ok(loadTorchAddon() !== null && existsSync(addon));
  const out = join(dir, 'run');
  const r = spawnSync(process.execPath, [join(dir, 'snip.mjs'), 'train', '--model', 'lenet-300-100', '--dataset', 'synthetic',
    '--backend', 'torch', '--device', 'cpu', '--iterations', '6', '--validate-every', '6', '--log-every', '3', '--out', out],
  { cwd: dir, encoding: 'utf8', env: { ...process.env, SNIP_TORCH_ADDON: addon, NODE_PATH: '' }, timeout: 200_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout + r.stderr, /6 iterations in/);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { training: { iterations: number } };
  assert.equal(summary.training.iterations, 6);
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { backend: string; backendInfo: { device: string; tf32: boolean; libtorch: string }; versions: Record<string, string> };
  assert.equal(config.backend, 'torch');
  assert.deepEqual([config.backendInfo.device, config.backendInfo.tf32], ['cpu', false]); // where the torch backend ran it
  assert.match(config.backendInfo.libtorch, /^\d+\.\d+/);
  assert.notEqual(config.versions['snip-tfjs'], 'unknown');
});
