// Child-process entry of `snip bench`: measures workloads on one backend, away from the other
// backends, printing one line `RESULT <json Measurement>` on stdout per workload as it finishes.
import { measureWorkload, RESULT_PREFIX, type MeasureOptions } from './measure.js';

try {
  const list = JSON.parse(process.argv[2] ?? '') as MeasureOptions[];
  for (const opts of list) {
    const m = await measureWorkload(opts);
    process.stdout.write(RESULT_PREFIX + JSON.stringify(m) + '\n');
  }
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
