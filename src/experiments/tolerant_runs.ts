// Runs an experiment's trainings so that one that diverges (NaN/∞ loss, e.g. a plain-normal
// init or an aggressive criterion) becomes a result instead of ending the whole experiment.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig, ExperimentIO } from './experiment.js';
import type { TrainJob } from './jobs.js';
import { RUN_FILES } from './run_dir.js';
import type { RunSummary } from './train_run.js';

const DIVERGED = /training loss became (NaN|-?Infinity)/;

/** A trained job's summary, or a diverged one's message and what its pruning recorded. */
export type JobOutcome =
  | { job: TrainJob; summary: RunSummary; diverged?: undefined }
  | { job: TrainJob; diverged: string; pruned: Pick<RunSummary, 'kept' | 'prunable' | 'collapsed'> };

function prunedSummary(job: TrainJob): Pick<RunSummary, 'kept' | 'prunable' | 'collapsed'> {
  const path = join(job.dir, RUN_FILES.summary); // written after pruning, before training
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as RunSummary) : { kept: 0, prunable: 0, collapsed: [] };
}

/** Runs the jobs `c.jobs` at a time, one per runJobs call, so that a diverged one is an outcome. */
export async function runJobsTolerant(c: ExperimentConfig, io: ExperimentIO, all: TrainJob[]): Promise<JobOutcome[]> {
  const out = new Array<JobOutcome>(all.length);
  let next = 0;
  const worker = async () => {
    while (next < all.length) {
      const i = next++;
      try {
        out[i] = { job: all[i], summary: (await io.runJobs([all[i]]))[0] };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const m = DIVERGED.exec(message);
        if (!m) throw err;
        const diverged = message.slice(m.index).split(/[;|]/)[0].trim();
        out[i] = { job: all[i], diverged, pruned: prunedSummary(all[i]) };
        io.warn(`${all[i].id}: ${diverged}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(c.jobs, all.length) }, worker));
  return out;
}
