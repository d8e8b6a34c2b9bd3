// Entry of the `snip` CLI bundled for a GPU machine with only node and libtorch (no npm, no
// tsx): the torch backend is imported statically and handed to the backend registry, and the
// addon comes from $SNIP_TORCH_ADDON. Made by gpu_run.sh; e.g.
//   SNIP_TORCH_ADDON=backends/torch/build/Release/snip_torch.node node .device/snip_cli.mjs \
//     train --model vgg-d --dataset cifar10 --backend torch --device cuda ...
import { provideBackend } from '../../registry.js';
import { registerTorchBackend, torchLoadError } from '../src/index.js';

provideBackend('torch', async () => {
  if (!registerTorchBackend()) throw new Error(`registerTorchBackend() returned false: ${torchLoadError()} (set SNIP_TORCH_ADDON to the built snip_torch.node)`);
});
await import('../../../src/cli/main.js');
