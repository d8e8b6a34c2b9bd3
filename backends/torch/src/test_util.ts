// Shared by the torch tests: skip only where libtorch is absent; where libtorch exists, a
// missing or broken addon fails the tests loudly instead of hiding behind a skip.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { loadTorchAddon } from './binding.js';

const FIND = fileURLToPath(new URL('../scripts/find_libtorch.mjs', import.meta.url));

/** A skip message when the addon is absent because libtorch is, else false (run the tests). */
export function torchSkipReason(): string | false {
  if (loadTorchAddon() !== null) return false;
  const find = spawnSync(process.execPath, [FIND, 'json'], { encoding: 'utf8' });
  return find.status === 0 ? false : 'libtorch not found: apt-get install libtorch-dev (or set LIBTORCH_DIR), then npm install';
}
