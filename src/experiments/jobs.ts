// One training of an experiment: a run folder, resumable, skipped once it has test results.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig } from './config.js';
import { RUN_FILES, RunDir } from './run_dir.js';
import type { RunIO } from './run_io.js';
import { preparePruned, reloadPrepared, type Prepared } from './singleshot.js';
import { prepareShuffled, shuffleTrainingLabels } from './shuffled_labels.js';
import { trainPrepared, type RunSummary } from './train_run.js';

export interface TrainJob {
  id: string;
  dir: string;
  config: RunConfig;
  shuffleLabels?: boolean; // train (and score) on randomly permuted labels
}

/** The finished summary of a job's folder, or null when it still has to (finish) training. */
export function finishedSummary(dir: string): RunSummary | null {
  const path = join(dir, RUN_FILES.summary);
  if (!existsSync(path)) return null;
  try {
    const s = JSON.parse(readFileSync(path, 'utf8')) as RunSummary;
    return s.training ? s : null;
  } catch {
    return null; // a half-written summary is redone
  }
}

/** Runs one job in this process on the current backend, continuing an interrupted one. */
export async function executeJob(job: TrainJob, io: RunIO): Promise<RunSummary> {
  const done = finishedSummary(job.dir);
  if (done) return done;
  const started = existsSync(join(job.dir, RUN_FILES.config));
  const dir = RunDir.open(job.dir, started ? 'resume' : 'force');
  const ready = started && dir.has('masks') && dir.has('init') && dir.has('summary');
  let p: Prepared;
  if (ready) {
    p = await reloadPrepared(job.config, dir);
    if (job.shuffleLabels) p = { ...p, data: shuffleTrainingLabels(p.data, job.config.seed) };
  } else {
    p = job.shuffleLabels ? await prepareShuffled(job.config, dir, io) : await preparePruned(job.config, dir, io);
  }
  return trainPrepared(job.config, p, dir, io, ready);
}

/** Runs jobs one after another in this process (the `--jobs 1` runner, and tests). */
export function sequentialRunner(io: RunIO): (jobs: TrainJob[]) => Promise<RunSummary[]> {
  return async (jobs) => {
    const out: RunSummary[] = [];
    for (const [i, job] of jobs.entries()) {
      const skipped = finishedSummary(job.dir) !== null;
      out.push(await executeJob(job, io));
      io.log(`[${i + 1}/${jobs.length}] ${job.id}: ${skipped ? 'already done' : 'done'}, test error ${(100 * out[i].training!.testError).toFixed(2)}%`);
    }
    return out;
  };
}
