// Entry of the single-file CLI bundle for machines without node_modules (scripts/device/pack.sh):
// the native and torch backends are imported statically and handed to the backend registry
// (which otherwise imports them by path), then the CLI runs, or the --jobs child when
// SNIP_BUNDLE_ROLE=job. The addons come from SNIP_NATIVE_ADDON / SNIP_TORCH_ADDON.
import { registerNativeBackend, nativeLoadError } from '../../backends/native/src/index.js';
import { provideBackend } from '../../backends/registry.js';
import { registerTorchBackend, torchLoadError } from '../../backends/torch/src/index.js';

const provide = (name: 'native' | 'torch', register: () => boolean, why: () => string | null, env: string) =>
  provideBackend(name, async () => {
    if (!register()) throw new Error(`the ${name} addon did not load: ${why() ?? 'unknown reason'} (set ${env} to the built addon)`);
  });
provide('native', registerNativeBackend, nativeLoadError, 'SNIP_NATIVE_ADDON');
provide('torch', registerTorchBackend, torchLoadError, 'SNIP_TORCH_ADDON');
if (process.env.SNIP_BUNDLE_ROLE === 'job') await import('../../src/cli/job_child.js');
else await import('../../src/cli/main.js');
