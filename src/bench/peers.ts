// Runs measurements in child processes: our backends (src/bench/child.ts) and the PyTorch CPU
// peer (bench/torch_peer.py under Debian's python3 with python3-torch).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { RESULT_PREFIX, type MeasureOptions, type Measurement } from './measure.js';

/** The backend name of the PyTorch peer's rows. */
export const TORCH_ROW = 'pytorch-cpu';

export const TORCH_PYTHON = '/usr/bin/python3';
// From src/bench/ (run through tsx) or dist/src/bench/ (compiled): the script stays in bench/.
const TORCH_SCRIPT = ['../../bench/torch_peer.py', '../../../bench/torch_peer.py']
  .map((rel) => fileURLToPath(new URL(rel, import.meta.url)))
  .find((path) => existsSync(path)) ?? 'bench/torch_peer.py';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, out, err }));
  });
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter((l) => l.trim() !== '').pop() ?? '';
}

/** Measures one workload on one of our backends in a fresh node process. */
export async function measureInChild(opts: MeasureOptions): Promise<Measurement> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const entry = fileURLToPath(new URL(`./child${ext}`, import.meta.url));
  const args = ['--import', import.meta.resolve('tsx'), entry, JSON.stringify(opts)];
  const res = await run(process.execPath, args, process.env);
  const line = res.out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (res.code !== 0 || line === undefined) {
    throw new Error(`${opts.workload} on ${opts.backend} failed: ${lastLine(res.err) || `exit ${res.code}`}`);
  }
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as Measurement;
}

/** Whether the PyTorch peer can run here; the reason when not. */
export function torchStatus(): { available: boolean; reason?: string } {
  if (!existsSync(TORCH_SCRIPT)) return { available: false, reason: `${TORCH_SCRIPT} is missing` };
  const res = spawnSync(TORCH_PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (res.error !== undefined) return { available: false, reason: `${TORCH_PYTHON} not found` };
  if (res.status !== 0) {
    return { available: false, reason: `${TORCH_PYTHON} cannot import torch (apt install python3-torch): ${lastLine(res.stderr)}` };
  }
  return { available: true };
}

/** Measures one workload with PyTorch CPU, threads = cores, OMP_WAIT_POLICY=PASSIVE. */
export async function measureTorch(opts: Omit<MeasureOptions, 'backend'>): Promise<Measurement> {
  const threads = availableParallelism();
  const args = [TORCH_SCRIPT, opts.workload, '--iters', String(opts.iters), '--warmup', String(opts.warmup),
    '--threads', String(threads), '--budget-s', String(opts.budgetS)];
  const env = { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', OMP_NUM_THREADS: String(threads) };
  const res = await run(TORCH_PYTHON, args, env);
  if (res.code !== 0) throw new Error(`PyTorch ${opts.workload} failed: ${lastLine(res.err) || `exit ${res.code}`}`);
  const r = JSON.parse(lastLine(res.out)) as { ms: number; times_ms: number[]; rss_mb: number };
  return { workload: opts.workload, backend: TORCH_ROW, ms: r.ms, timesMs: r.times_ms, rssMb: r.rss_mb };
}
