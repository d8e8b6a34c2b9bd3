// The RunConfig of one training in an experiment: the paper's protocol, or a smoke run.
import { defaultConfig, validateConfig, type RunConfig } from './config.js';
import type { ExperimentConfig } from './experiment.js';

/** Training iterations of a --quick run. */
export const QUICK_ITERATIONS = 60;

export function jobConfig(exp: ExperimentConfig, model: string, dataset: string, over: Partial<RunConfig> = {}): RunConfig {
  const base = defaultConfig(model, dataset);
  const iterations = exp.iterations ?? (exp.quick ? QUICK_ITERATIONS : base.iterations);
  const validateEvery = Math.min(base.validateEvery, iterations);
  return validateConfig({
    ...base, seed: exp.seed, lr: exp.lr ?? base.lr, lrDecayEvery: exp.lrDecayEvery ?? base.lrDecayEvery,
    lrSchedule: exp.lrSchedule ?? base.lrSchedule, warmup: exp.warmup ?? base.warmup, dataDir: dataset === 'fashion-mnist' ? exp.fashionDir : exp.dataDir,
    iterations, validateEvery, checkpointEvery: validateEvery, logEvery: Math.max(1, Math.min(base.logEvery, Math.floor(iterations / 10))),
    ...over,
  });
}
