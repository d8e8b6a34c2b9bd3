// `npm install` hook: builds the optional native addons from source. Never fails the
// install: a backend that cannot build is reported in one line and the CLI falls back.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

function nodeGyp() {
  // npm exports its bundled node-gyp to scripts; fall back to the one beside npm.
  if (process.env.npm_config_node_gyp) return process.env.npm_config_node_gyp;
  // Run by hand (`node scripts/install.mjs`): npm lives beside node.
  const npmDir = process.env.npm_execpath
    ? join(process.env.npm_execpath, '..', '..')
    : join(process.execPath, '..', '..', 'lib', 'node_modules', 'npm');
  return join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
}

function buildAddon(name) {
  const dir = join('backends', name);
  if (!existsSync(join(dir, 'binding.gyp'))) return;
  const args = [nodeGyp(), 'rebuild', '--release', '--jobs=max', '--loglevel=warn'];
  // node's headers ship with node here; never let node-gyp download them.
  if (!process.env.npm_config_nodedir) args.push(`--nodedir=${join(process.execPath, '..', '..')}`);
  const res = spawnSync(process.execPath, args, { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status === 0) console.log(`snip: built the ${name} backend`);
  else console.warn(`snip: the ${name} backend did not build (exit ${res.status}); the CLI will fall back to wasm`);
}

// The torch backend builds only where libtorch is found (backends/torch/scripts/find_libtorch.mjs).
function buildTorch() {
  const dir = join('backends', 'torch');
  if (!existsSync(join(dir, 'binding.gyp'))) return;
  const find = spawnSync(process.execPath, [join(dir, 'scripts', 'find_libtorch.mjs'), 'json'], { encoding: 'utf8' });
  if (find.status !== 0) {
    console.log('snip: torch backend skipped: libtorch not found (set LIBTORCH_DIR, pip install torch, or apt-get install libtorch-dev; then npm install)');
    return;
  }
  const args = [nodeGyp(), 'rebuild', '--release', '--jobs=max'];
  if (!process.env.npm_config_nodedir) args.push(`--nodedir=${join(process.execPath, '..', '..')}`);
  const res = spawnSync(process.execPath, args, { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status === 0) console.log(`snip: built the torch backend against ${JSON.parse(find.stdout).source}`);
  else console.warn(`snip: the torch backend did not build (exit ${res.status}); --backend torch is unavailable`);
}

buildAddon('native');
buildTorch();
