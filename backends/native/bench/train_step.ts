// Median ms per training step of the issue-4 workloads on TF.js backends.
//   npx tsx backends/native/bench/train_step.ts [native] [wasm] [cpu] [--steps N] [--only W2]
//   SNIP_NATIVE_GEMM=blas selects the system BLAS; SNIP_NATIVE_THREADS sets the pool size.
import * as tf from '@tensorflow/tfjs-core';

import { registerNativeBackend, nativeInfo, nativeLoadError } from '../src/index.js';
import { makeStep, WORKLOADS } from './workloads.js';

async function useBackend(name: string): Promise<boolean> {
  if (name === 'native' && !registerNativeBackend()) return console.log(`native: ${nativeLoadError()}`), false;
  if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    const { registerWasmExtras } = await import('../../wasm/src/index.js');
    registerWasmExtras();
  }
  if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  return tf.setBackend(name);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const args = process.argv.slice(2);
const opt = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const steps = Number(opt('--steps') ?? 20);
const only = opt('--only');
const backends = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
for (const backend of backends.length ? backends : ['native']) {
  if (!(await useBackend(backend))) continue;
  if (backend === 'native') console.log('native:', JSON.stringify({ ...nativeInfo(), kernels: undefined }));
  for (const w of WORKLOADS.filter((w) => !only || w.name.startsWith(only))) {
    const step = makeStep(w);
    for (let i = 0; i < 3; ++i) step();
    const times: number[] = [];
    for (let i = 0; i < steps; ++i) {
      const t0 = performance.now();
      step();
      times.push(performance.now() - t0);
    }
    console.log(`${backend.padEnd(7)} ${w.name.padEnd(24)} median ${median(times).toFixed(2)} ms  min ${Math.min(...times).toFixed(2)} ms`);
    tf.disposeVariables();
  }
}
