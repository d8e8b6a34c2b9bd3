// The contract of an experiment (`snip experiment <name>`): a run(config, io) that trains or
// scores what it needs under config.out and writes results.json, results.md and PNG plots.
import { join } from 'node:path';
import { ensureDir, writeFileAtomic } from '../io/atomic.js';
import type { RunIO } from './run_io.js';
import type { TrainJob } from './jobs.js';
import type { RunSummary } from './train_run.js';
import { lrText, type LrScheduleName, type RecordedSchedule } from '../train/lr_schedule.js';

export interface ExperimentConfig {
  out: string; // folder of results.json, results.md, *.png and runs/
  quick: boolean; // a smoke run of under two minutes
  jobs: number; // trainings side by side
  seed: number;
  iterations?: number; // overrides the protocol's training length
  lr?: number; // overrides the protocol's initial learning rate
  lrDecayEvery?: number; // overrides the protocol's step-decay interval (shortened schedules)
  lrSchedule?: LrScheduleName; // overrides the protocol's step decay (cosine for shortened schedules)
  warmup?: number; // iterations of linear learning-rate warm-up
  rounds?: number; // overrides the pruning rounds of iterative criteria (synflow, snip-iterative) where an experiment only prunes
  dataDir?: string; // MNIST / CIFAR-10 official files
  fashionDir?: string; // Fashion-MNIST official files
}

export interface ExperimentIO extends RunIO {
  /** Trains every job (skipping finished ones), in order of `jobs`; resolves to their summaries. */
  runJobs(jobs: TrainJob[]): Promise<RunSummary[]>;
}

export interface ExperimentResult {
  name: string;
  files: string[]; // what was written, relative to config.out
}

export interface Experiment {
  readonly name: string; // registry key and CLI value
  readonly description: string;
  run(config: ExperimentConfig, io: ExperimentIO): Promise<ExperimentResult>;
}

/** File names of an experiment folder, from one place. */
export const EXPERIMENT_FILES = { json: 'results.json', markdown: 'results.md', runs: 'runs' } as const;

export function validateExperimentConfig(c: ExperimentConfig): ExperimentConfig {
  if (!Number.isInteger(c.jobs) || c.jobs < 1) throw new Error(`--jobs must be a positive integer, got ${c.jobs}`);
  if (!Number.isInteger(c.seed) || c.seed < 0) throw new Error(`--seed must be a non-negative integer, got ${c.seed}`);
  if (c.iterations !== undefined && (!Number.isInteger(c.iterations) || c.iterations < 1)) throw new Error(`--iterations must be a positive integer, got ${c.iterations}`);
  if (c.lr !== undefined && !(c.lr > 0 && Number.isFinite(c.lr))) throw new Error(`--lr must be a positive number, got ${c.lr}`);
  if (c.rounds !== undefined && (!Number.isInteger(c.rounds) || c.rounds < 1)) throw new Error(`--rounds must be a positive integer, got ${c.rounds}`);
  if (c.lrDecayEvery !== undefined && (!Number.isInteger(c.lrDecayEvery) || c.lrDecayEvery < 1)) throw new Error(`--lr-decay-every must be a positive integer, got ${c.lrDecayEvery}`);
  if (c.warmup !== undefined && (!Number.isInteger(c.warmup) || c.warmup < 0)) throw new Error(`--warmup must be a non-negative integer, got ${c.warmup}`);
  if (c.out.trim() === '') throw new Error('--out must name a folder');
  return c;
}

/** Writes results.json and results.md into the experiment folder. */
export function writeResults(config: ExperimentConfig, json: unknown, markdown: string): string[] {
  ensureDir(config.out);
  writeFileAtomic(join(config.out, EXPERIMENT_FILES.json), `${JSON.stringify(json, null, 2)}\n`);
  writeFileAtomic(join(config.out, EXPERIMENT_FILES.markdown), markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return [EXPERIMENT_FILES.json, EXPERIMENT_FILES.markdown];
}

/** The run folder of one job of an experiment. */
export function jobDir(config: ExperimentConfig, id: string): string {
  return join(config.out, EXPERIMENT_FILES.runs, id);
}

export const pct = (x: number, digits = 2): string => `${(100 * x).toFixed(digits)}%`;

/** "2000 iterations (batch 100, lr 0.1 ×0.1 every 1500)": the schedule a results page states. */
export function scheduleText(r: RecordedSchedule & { batchSize: number }): string {
  return `${r.iterations} iterations (batch ${r.batchSize}, ${lrText(r)})`;
}
