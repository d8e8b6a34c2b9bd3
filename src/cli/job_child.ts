// Child-process entry of `snip experiment --jobs N`: trains one job on the named backend and
// prints `RESULT <json RunSummary>` on stdout.
import { selectBackend, type BackendName } from '../../backends/registry.js';
import { executeJob, type TrainJob } from '../experiments/jobs.js';

try {
  const { job, backend } = JSON.parse(process.argv[2] ?? '') as { job: TrainJob; backend: BackendName | 'auto' };
  const warn = (line: string) => process.stderr.write(`warning: ${line}\n`);
  await selectBackend(backend, warn);
  const summary = await executeJob(job, { log: (l) => process.stderr.write(`${l}\n`), warn });
  process.stdout.write(`RESULT ${JSON.stringify(summary)}\n`);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
