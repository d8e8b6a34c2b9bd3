// `snip bench`: training-step speed of each backend on workloads W1–W3, against PyTorch CPU.
import { Command, InvalidArgumentError, Option } from 'commander';
import { BACKEND_NAMES, listBackends, type BackendName } from '../../../backends/registry.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { runBench, type BenchOptions, type BenchResult } from '../../bench/run_bench.js';
import { formatTable } from '../../bench/table.js';
import { getWorkload, WORKLOADS } from '../../bench/workloads.js';

export interface BenchCommandOptions {
  backends?: string; // comma-separated; default: every available backend except cpu
  workloads?: string; // comma-separated; default: all
  iters?: number;
  warmup?: number;
  quick?: boolean;
  sparsity: number[];
  torch: boolean;
  json?: string;
  seed: number;
}

export interface BenchIo {
  out: (text: string) => void; // the table
  log: (line: string) => void; // progress lines
}

// Warm-up: at least `warmup` steps and `warmupS` seconds, for ours and PyTorch alike: a few steps
// leave JIT-compiled code (V8's, and the replayed kernels') cold, which a long run never sees.
const FULL = { iters: 20, warmup: 3, warmupS: 1, budgetS: 30 };
const QUICK = { iters: 3, warmup: 3, warmupS: 0.2, budgetS: 2 }; // 3 warm-up steps: native records the step on the second and replays it from the third

function splitList(value: string | undefined): string[] | undefined {
  return value?.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

async function resolveBackends(value: string | undefined): Promise<BackendName[]> {
  const all = await listBackends();
  const names = splitList(value);
  if (names === undefined) return all.filter((b) => b.available && b.name !== 'cpu').map((b) => b.name);
  return names.map((name) => {
    const b = all.find((x) => x.name === name);
    if (b === undefined) throw new Error(`unknown backend '${name}'; valid backends: ${BACKEND_NAMES.join(', ')}`);
    if (!b.available) throw new Error(`backend '${name}' is unavailable: ${b.reason}`);
    return b.name;
  });
}

/** Runs the benchmark as the command does: prints the table and writes --json atomically. */
export async function runBenchCommand(opts: BenchCommandOptions, io: BenchIo): Promise<BenchResult> {
  const preset = opts.quick === true ? QUICK : FULL;
  const benchOpts: BenchOptions = {
    workloads: (splitList(opts.workloads) ?? WORKLOADS.filter((w) => opts.quick !== true || !w.slow).map((w) => w.name)).map((w) => getWorkload(w).name),
    backends: await resolveBackends(opts.backends),
    iters: opts.iters ?? preset.iters,
    warmup: opts.warmup ?? preset.warmup,
    warmupS: preset.warmupS,
    budgetS: preset.budgetS,
    isolate: opts.quick !== true,
    sparsities: opts.sparsity,
    torch: opts.torch,
    seed: opts.seed,
  };
  const result = await runBench(benchOpts, io.log);
  io.out(formatTable(result.rows, result.notes));
  if (opts.json !== undefined) writeFileAtomic(opts.json, JSON.stringify(result.rows, null, 2) + '\n');
  return result;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function positiveInt(value: string): number {
  const n = nonNegativeInt(value);
  if (n === 0) throw new InvalidArgumentError('expected at least 1');
  return n;
}

/** '0,0.9,0.98' → [0, 0.9, 0.98]: each in [0, 1), no repeats. */
export function parseSparsities(value: string): number[] {
  const list = value.split(',').map((t) => t.trim()).filter((t) => t !== '').map(Number);
  if (list.length === 0 || list.some((s) => !(s >= 0 && s < 1))) throw new InvalidArgumentError('expected comma-separated sparsities in [0, 1), e.g. 0,0.9,0.98');
  if (new Set(list).size !== list.length) throw new InvalidArgumentError('a sparsity is listed twice');
  return list;
}

export function addBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('time one training step (forward, cross-entropy, backward, SGD momentum) per backend and workload, against PyTorch CPU; dense or SNIP-pruned (--sparsity)')
    .option('--backends <list>', `comma-separated backends (${BACKEND_NAMES.join(', ')}); default: every available one except cpu`)
    .option('--workloads <list>', `comma-separated workloads (${WORKLOADS.map((w) => w.name).join(', ')}); default: all (--quick: all but ${WORKLOADS.filter((w) => w.slow).map((w) => w.name).join(', ')})`)
    .option('--iters <n>', `timed steps per measurement (default ${FULL.iters}, --quick ${QUICK.iters})`, positiveInt)
    .option('--warmup <n>', `untimed steps first, and at least ${FULL.warmupS} s of them (--quick: ${QUICK.warmup}, ${QUICK.warmupS} s) (default ${FULL.warmup})`, nonNegativeInt)
    .option('--quick', `few steps, at most ~${QUICK.budgetS} s timed per measurement, one process per backend for all workloads (finishes within a minute); otherwise one per (workload, backend), so peak RSS is each workload's own`)
    .addOption(new Option('--sparsity <list>', 'comma-separated weight sparsities; > 0: SNIP-pruned models (masks scored on the bench batch) with sparse kernels where they time faster, each measured training and at inference batch 1 and 100').default([0], '0').argParser(parseSparsities))
    .option('--no-torch', 'skip the PyTorch CPU peer')
    .option('--json <file>', 'also write the rows as JSON (atomically)')
    .addOption(new Option('--seed <n>', 'seed of weights and batch').default(0).argParser(nonNegativeInt))
    .action(async (opts: BenchCommandOptions) => {
      await runBenchCommand(opts, {
        out: (text) => process.stdout.write(text + '\n'),
        log: (line) => process.stderr.write(line + '\n'),
      });
    });
}
