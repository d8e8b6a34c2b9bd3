// Child-process entry of `snip bench`: measures one (workload, backend) pair so backends do not
// interfere, and prints one line `RESULT <json Measurement>` on stdout.
import { measureWorkload, RESULT_PREFIX, type MeasureOptions } from './measure.js';

try {
  const opts = JSON.parse(process.argv[2] ?? '') as MeasureOptions;
  const m = await measureWorkload(opts);
  process.stdout.write(RESULT_PREFIX + JSON.stringify(m) + '\n');
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
