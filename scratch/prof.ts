import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../backends/registry.js';
import { getWorkload } from '../src/bench/workloads.js';
import { fixedBatchImpl, makeStepRunner } from '../src/bench/train_step.js';
import { snip } from '../src/prune.js';
import { compileSparse } from '../src/sparse/compile_sparse.js';

await selectBackend('native', () => {});
const w = getWorkload(process.argv[2] ?? 'W1');
const model = w.build(0);
const { x, labels } = fixedBatchImpl(w, 0);
const { masks } = await snip(model, { x, y: labels }, { sparsity: 0.98, seed: 0 });
const c = compileSparse(model, masks, { mode: (process.argv[3] ?? 'on') as 'on', batchSize: w.batch, training: true });
console.log(c.layers.map((l) => `${l.layer} d=${l.density.toFixed(4)} ${l.sparse} ${l.reason}`).join('\n'));
const r = makeStepRunner(model, w, 0, masks);
for (let i = 0; i < 5; i++) r.step();
const prof = await tf.profile(() => { r.step(); });
const by = new Map<string, { n: number; ms: number }>();
for (const k of prof.kernels) { const e = by.get(k.name) ?? { n: 0, ms: 0 }; e.n++; e.ms += k.kernelTimeMs as number; by.set(k.name, e); }
console.log('kernels', prof.kernels.length);
console.log([...by].sort((a, b) => b[1].ms - a[1].ms).map(([k, e]) => `${k} x${e.n} ${e.ms.toFixed(2)}ms`).join('\n'));
const t: number[] = [];
for (let i = 0; i < 30; i++) { const s = performance.now(); r.step(); t.push(performance.now() - s); }
t.sort((a, b) => a - b); console.log('median ms', t[15].toFixed(2), 'min', t[0].toFixed(2));
