// Times training steps of one workload on the current process's backend.
import { selectBackend, type BackendName } from '../../backends/registry.js';
import { makeStepRunner } from './train_step.js';
import { getWorkload } from './workloads.js';

/** Marks the one stdout line of a bench child that carries its Measurement as JSON. */
export const RESULT_PREFIX = 'RESULT ';

export interface MeasureOptions {
  workload: string;
  backend: BackendName;
  iters: number; // timed steps (at most)
  warmup: number; // untimed steps first
  budgetS: number; // stop timing after this many seconds (at least one timed step)
  seed: number;
}

export interface Measurement {
  workload: string;
  backend: string;
  ms: number; // median ms per step
  timesMs: number[];
  rssMb: number; // peak resident set size of the process
}

export function medianImpl(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function measureWorkload(opts: MeasureOptions): Promise<Measurement> {
  await selectBackend(opts.backend, () => {});
  const w = getWorkload(opts.workload);
  const model = w.build(opts.seed);
  const runner = makeStepRunner(model, w, opts.seed);
  for (let i = 0; i < opts.warmup; i++) runner.step();
  const timesMs: number[] = [];
  const start = performance.now();
  while (timesMs.length < opts.iters && (timesMs.length === 0 || performance.now() - start < opts.budgetS * 1000)) {
    const t0 = performance.now();
    runner.step();
    timesMs.push(performance.now() - t0);
  }
  runner.dispose();
  model.dispose();
  return {
    workload: w.name, backend: opts.backend, ms: medianImpl(timesMs), timesMs,
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
}
