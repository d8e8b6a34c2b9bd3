// The one place that knows the TF.js backends: how to load each, which are available, and
// how to select one (awaiting tf.setBackend and tf.ready).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

export const BACKEND_NAMES = ['native', 'wasm', 'cpu', 'torch'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendStatus {
  name: BackendName;
  available: boolean;
  reason?: string; // why it is unavailable
}

async function importFromSources(dir: string): Promise<Record<string, unknown>> {
  const base = new URL(`./${dir}/src/index`, import.meta.url);
  const file = ['.ts', '.js'].map((ext) => fileURLToPath(base) + ext).find((f) => existsSync(f));
  if (file === undefined) throw new Error(`backends/${dir}/src/index.ts does not exist (not built into this checkout)`);
  return (await import(new URL(`./${dir}/src/index.js`, import.meta.url).href)) as Record<string, unknown>;
}

/**
 * An optional backend living in backends/<dir>/src/index.ts that exports `fn(): boolean` and,
 * optionally, `whyFn(): string | null` saying why it could not load.
 */
async function loadOptional(dir: string, fn: string, whyFn: string): Promise<void> {
  const mod = await importFromSources(dir);
  const register = mod[fn];
  if (typeof register !== 'function') throw new Error(`backends/${dir}/src/index.ts does not export ${fn}()`);
  if (register() === true) return;
  const why = typeof mod[whyFn] === 'function' ? String((mod[whyFn] as () => unknown)() ?? '') : '';
  throw new Error(`${fn}() returned false: ${why || 'the addon did not load'} (rebuild it with \`npm install\`)`);
}

async function loadWasm(): Promise<void> {
  await import('@tensorflow/tfjs-backend-wasm');
  const { registerWasmExtras } = await import('./wasm/src/index.js');
  registerWasmExtras();
}

/** Registers each backend's factory and kernels; throws with the reason it is unavailable. */
const LOADERS: Record<BackendName, () => Promise<void>> = {
  native: () => loadOptional('native', 'registerNativeBackend', 'nativeLoadError'),
  wasm: loadWasm,
  cpu: async () => void (await import('@tensorflow/tfjs-backend-cpu')),
  torch: () => loadOptional('torch', 'registerTorchBackend', 'torchLoadError'),
};

const loaded = new Map<BackendName, Promise<void>>();
const provided = new Map<BackendName, () => Promise<void>>();

/**
 * Replaces how backend `name` is loaded, for the single-file CLI bundle (scripts/device/
 * bundle_entry.ts), which imports the backends statically because a bundle cannot find
 * backends/<dir>/src at run time.
 */
export function provideBackend(name: BackendName, register: () => Promise<void>): void {
  provided.set(name, register);
  loaded.delete(name);
}

function isBackendName(name: string): name is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(name);
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

/** Loads a backend once; rejects with the reason it is unavailable. */
function load(name: BackendName): Promise<void> {
  let p = loaded.get(name);
  if (p === undefined) {
    p = (provided.get(name) ?? LOADERS[name])().then(() => {
      if (tf.findBackendFactory(name) === null) throw new Error(`no TF.js backend '${name}' was registered`);
    });
    loaded.set(name, p);
  }
  return p;
}

/** Every known backend and whether it can be loaded here (does not change the current backend). */
export async function listBackends(): Promise<BackendStatus[]> {
  const out: BackendStatus[] = [];
  for (const name of BACKEND_NAMES) {
    try {
      await load(name);
      out.push({ name, available: true });
    } catch (err) {
      out.push({ name, available: false, reason: firstLine(err) });
    }
  }
  return out;
}

/** tfjs-backend-cpu prints a "looks like you are running TensorFlow.js in Node.js" banner on first use. */
function silenceNodeBanner(backend: tf.KernelBackend): void {
  if ('firstUse' in backend) Reflect.set(backend, 'firstUse', false);
}

async function activate(name: BackendName): Promise<void> {
  await load(name);
  if (!(await tf.setBackend(name))) throw new Error(`TF.js backend '${name}' failed to initialise`);
  await tf.ready();
  silenceNodeBanner(tf.backend());
}

/**
 * Makes `name` the current TF.js backend and returns it. 'auto' picks native when it loads and
 * otherwise logs one line saying why not and falls back to wasm.
 */
export async function selectBackend(
  name: BackendName | 'auto',
  log: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Promise<BackendName> {
  if (name === 'auto') {
    try {
      await activate('native');
      return 'native';
    } catch (err) {
      log(`native backend unavailable (${firstLine(err)}); falling back to wasm`);
      return selectBackend('wasm', log);
    }
  }
  if (!isBackendName(name)) {
    throw new Error(`unknown backend '${String(name)}'; valid backends: ${[...BACKEND_NAMES, 'auto'].join(', ')}`);
  }
  try {
    await activate(name);
  } catch (err) {
    const available = (await listBackends()).filter((b) => b.available).map((b) => b.name);
    throw new Error(`backend '${name}' is unavailable: ${firstLine(err)}; available: ${available.join(', ')}`);
  }
  return name;
}
