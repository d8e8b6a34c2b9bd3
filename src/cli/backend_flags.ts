// --backend, --device and --dtype: pick the TF.js backend and configure the torch one.
import type { Command } from 'commander';
import { Option } from 'commander';
import { BACKEND_NAMES, selectBackend, type BackendName } from '../../backends/registry.js';

export const DEVICES = ['auto', 'cpu', 'cuda'] as const;
export const DTYPES = ['fp32', 'tf32'] as const;

export function addBackendOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--backend <name>', 'TF.js backend (auto: native if it built, else wasm)').choices(['auto', ...BACKEND_NAMES]).default('auto'))
    .addOption(new Option('--device <device>', 'where the torch backend keeps tensors (auto: cuda if present)').choices(DEVICES).default('auto'))
    .addOption(new Option('--dtype <dtype>', 'torch backend on CUDA: tf32 allows TensorFloat-32 matrix products').choices(DTYPES).default('fp32'));
}

/** Selects the backend the flags name; returns its name. */
export async function selectBackendFromFlags(flags: Record<string, unknown>, warn: (line: string) => void, fallback?: BackendName): Promise<BackendName> {
  if (flags.device !== undefined && flags.device !== 'auto') process.env.SNIP_TORCH_DEVICE = String(flags.device);
  const wanted = flags.backend === 'auto' && fallback ? fallback : (flags.backend as BackendName | 'auto');
  const name = await selectBackend(wanted, warn);
  if (name === 'torch' && flags.dtype === 'tf32') {
    const torch = (await import('../../backends/torch/src/index.js')) as { configureTorch(o: { tf32?: boolean }): void };
    torch.configureTorch({ tf32: true });
  }
  return name;
}
