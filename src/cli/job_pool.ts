// Runs an experiment's trainings side by side in child processes (`--jobs N`), with overall
// progress; finished runs are skipped, so an interrupted sweep continues where it stopped.
import { spawn } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendName } from '../../backends/registry.js';
import { finishedSummary, sequentialRunner, type TrainJob } from '../experiments/jobs.js';
import type { RunIO } from '../experiments/run_io.js';
import type { RunSummary } from '../experiments/train_run.js';

// The child entry beside this file, .ts under tsx or .js once built; SNIP_JOB_CHILD names a
// bundled child instead (the CLI bundled for a machine without node_modules, see scripts/device).
const SOURCE_CHILD = fileURLToPath(new URL(`./job_child${extname(fileURLToPath(import.meta.url))}`, import.meta.url));
const childArgs = (payload: string): string[] => {
  const bundled = process.env.SNIP_JOB_CHILD;
  return bundled ? [bundled, payload] : ['--import', 'tsx', SOURCE_CHILD, payload];
};
const RESULT = 'RESULT ';

function runChild(job: TrainJob, backend: BackendName | 'auto'): Promise<RunSummary> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, SNIP_BUNDLE_ROLE: 'job' };
    const child = spawn(process.execPath, childArgs(JSON.stringify({ job, backend })), { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT));
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT.length)) as RunSummary);
      else reject(new Error(`job ${job.id} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/** A runner for ExperimentIO.runJobs: in this process for one job at a time, else a pool. */
export function jobPool(jobs: number, backend: BackendName | 'auto', io: RunIO): (list: TrainJob[]) => Promise<RunSummary[]> {
  if (jobs <= 1) return sequentialRunner(io);
  return async (list) => {
    const results: RunSummary[] = new Array<RunSummary>(list.length);
    const start = performance.now();
    let next = 0;
    let finished = 0;
    const worker = async () => {
      while (next < list.length) {
        const i = next++;
        const job = list[i];
        const skipped = finishedSummary(job.dir);
        results[i] = skipped ?? (await runChild(job, backend));
        finished++;
        const eta = ((performance.now() - start) / 1000 / finished) * (list.length - finished);
        io.log(`[${finished}/${list.length}] ${job.id}: ${skipped ? 'already done' : 'done'}, test error ${(100 * results[i].training!.testError).toFixed(2)}%`
          + (finished < list.length ? `, about ${Math.ceil(eta)} s left` : ''));
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, list.length) }, worker));
    return results;
  };
}
