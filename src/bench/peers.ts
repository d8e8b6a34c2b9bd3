// Runs measurements in child processes: our backends (src/bench/child.ts) and the PyTorch CPU
// peer (bench/torch_peer.py under Debian's python3 with python3-torch). Each child measures a
// list of workloads on one backend and reports each as it finishes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { RESULT_PREFIX, type MeasureOptions, type Measurement, type Phase } from './measure.js';

/** The backend name of the PyTorch peer's rows. */
export const TORCH_ROW = 'pytorch-cpu';

export const TORCH_PYTHON = '/usr/bin/python3';
// From src/bench/ (run through tsx) or dist/src/bench/ (compiled): the script stays in bench/.
const TORCH_SCRIPT = ['../../bench/torch_peer.py', '../../../bench/torch_peer.py']
  .map((rel) => fileURLToPath(new URL(rel, import.meta.url)))
  .find((path) => existsSync(path)) ?? 'bench/torch_peer.py';

type OnLine = (line: string) => void;

/** Runs a command, calling `onLine` for each stdout line as it arrives. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, onLine: OnLine): Promise<{ code: number; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      const lines = (pending + d.toString()).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(onLine);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (pending !== '') onLine(pending);
      resolve({ code: code ?? 1, err });
    });
  });
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter((l) => l.trim() !== '').pop() ?? '';
}

/** Measures workloads on one of our backends in a fresh node process; `onResult` per workload. */
export async function measureInChild(list: MeasureOptions[], onResult: (m: Measurement) => void): Promise<void> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const entry = fileURLToPath(new URL(`./child${ext}`, import.meta.url));
  const args = ['--import', import.meta.resolve('tsx'), entry, JSON.stringify(list)];
  let done = 0;
  const res = await run(process.execPath, args, process.env, (line) => {
    if (!line.startsWith(RESULT_PREFIX)) return;
    done++;
    onResult(JSON.parse(line.slice(RESULT_PREFIX.length)) as Measurement);
  });
  if (res.code !== 0 || done < list.length) {
    const what = `${list.slice(done).map((o) => o.workload).join(',')} on ${list[0]?.backend}`;
    throw new Error(`${what} failed: ${lastLine(res.err) || `exit ${res.code}`}`);
  }
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

/** The row name of PyTorch's own sparse product (torch.sparse.mm) on the pruned models. */
export const TORCH_SPARSE_ROW = 'pytorch-sparse-mm';

export interface TorchRequest {
  workloads: string[];
  iters: number;
  warmup: number;
  warmupS: number;
  budgetS: number;
  phases: readonly Phase[];
  sparsities: readonly number[]; // > 0: torch.sparse.mm rows where the model has Linear layers
}

/** Measures workloads with PyTorch CPU, threads = cores, OMP_WAIT_POLICY=PASSIVE. */
export async function measureTorch(req: TorchRequest, onResult: (m: Measurement) => void): Promise<void> {
  if (req.workloads.length === 0) return;
  const threads = availableParallelism();
  const args = [TORCH_SCRIPT, ...req.workloads, '--iters', String(req.iters), '--warmup', String(req.warmup), '--warmup-s', String(req.warmupS),
    '--threads', String(threads), '--budget-s', String(req.budgetS), '--phases', req.phases.join(','),
    '--sparsities', req.sparsities.filter((x) => x > 0).join(',')];
  const env = { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', OMP_NUM_THREADS: String(threads) };
  let failed = '';
  const res = await run(TORCH_PYTHON, args, env, (line) => {
    if (!line.startsWith('{')) return;
    const r = JSON.parse(line) as { workload: string; phase: Phase; sparsity: number; kind: string; ms: number; times_ms: number[]; rss_mb: number; error?: string };
    if (r.error !== undefined) return void (failed ||= `${r.kind} ${r.workload} ${r.phase} ${r.sparsity}: ${r.error}`);
    const backend = r.kind === 'sparse-mm' ? TORCH_SPARSE_ROW : TORCH_ROW;
    onResult({ workload: r.workload, backend, phase: r.phase, sparsity: r.sparsity, ms: r.ms, timesMs: r.times_ms, rssMb: r.rss_mb });
  });
  if (res.code !== 0) throw new Error(`PyTorch ${req.workloads.join(',')} failed: ${lastLine(res.err) || `exit ${res.code}`}`);
  if (failed !== '') throw new Error(`PyTorch ${failed}`);
}
