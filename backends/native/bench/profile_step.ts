// Per-kernel time of one training step (tf.profile), summed by kernel name.
//   npx tsx backends/native/bench/profile_step.ts [backend] [--only W2]
import * as tf from '@tensorflow/tfjs-core';

import { registerNativeBackend } from '../src/index.js';
import { makeStep, WORKLOADS } from './workloads.js';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const backend = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--only') ?? 'native';
if (backend === 'native') registerNativeBackend();
if (backend === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
await tf.setBackend(backend);
for (const w of WORKLOADS.filter((w) => !only || w.name.startsWith(only))) {
  const step = makeStep(w);
  for (let i = 0; i < 3; ++i) step();
  const byName = new Map<string, { ms: number; calls: number }>();
  const reps = 5;
  let wall = 0;
  for (let r = 0; r < reps; ++r) {
    const t0 = performance.now();
    const info = await tf.profile(() => void step());
    wall += performance.now() - t0;
    for (const k of info.kernels) {
      const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
      e.ms += (k.kernelTimeMs as number) / reps;
      e.calls += 1 / reps;
      byName.set(k.name, e);
    }
  }
  const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, e]) => s + e.ms, 0);
  console.log(`${backend} ${w.name}: kernels ${total.toFixed(1)} ms of ${(wall / reps).toFixed(1)} ms profiled wall`);
  for (const [name, e] of rows.slice(0, 12)) console.log(`  ${name.padEnd(22)} ${e.ms.toFixed(2).padStart(8)} ms  ${e.calls.toFixed(0)} calls`);
  tf.disposeVariables();
}
