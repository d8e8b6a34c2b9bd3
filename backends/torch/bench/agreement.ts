// One training step (loss, every gradient, the momentum-updated weights) of a network on several
// backends against tfjs-backend-cpu, per tensor: which backends disagree, and where.
//   npx tsx backends/torch/bench/agreement.ts [model] [batch] [backends]   (default vgg-d 8 native,torch)
// A disagreement that native and torch share is the float32 conditioning of the step (batch norm
// over few values), not a kernel of one backend.
import '@tensorflow/tfjs-backend-cpu';

import { selectBackend } from '../../registry.js';
import { trainingStepValues } from '../scripts/step_values.js';

const [name = 'vgg-d', batchArg = '8', backendsArg = 'native,torch'] = process.argv.slice(2);
const batch = Number(batchArg);
const shape = name.startsWith('lenet') ? [28, 28, 1] : [32, 32, 3];

function step(): Map<string, Float32Array> {
  const { labels, values } = trainingStepValues(name, shape, batch);
  return new Map(labels.map((label, i) => [label, values[i]!]));
}

/** max|a − b| / max|b| */
function relError(a: Float32Array, b: Float32Array): number {
  let diff = 0, scale = 0;
  a.forEach((v, i) => { diff = Math.max(diff, Math.abs(v - b[i]!)); scale = Math.max(scale, Math.abs(b[i]!)); });
  return scale === 0 ? diff : diff / scale;
}

await selectBackend('cpu', () => {});
const reference = step();
const results = new Map<string, Map<string, Float32Array>>();
for (const b of backendsArg.split(',')) {
  await selectBackend(b as Parameters<typeof selectBackend>[0], (line) => console.log(line));
  results.set(b, step());
}
const names = [...results.keys()];
const pairs: [string, Map<string, Float32Array>, Map<string, Float32Array>][] = names.map((n) => [`${n} vs cpu`, results.get(n)!, reference]);
if (names.length === 2) pairs.push([`${names[0]} vs ${names[1]}`, results.get(names[0]!)!, results.get(names[1]!)!]);
// A bias right before batch norm has no effect on the loss: its gradient is rounding noise
// (relative errors of order 1 between any two backends), so those are listed apart.
const noise = (k: string, ref: Map<string, Float32Array>) => k.endsWith('/bias') && maxAbs(ref.get(k.replace(/^weight/, 'grad'))!) < 1e-6;
function maxAbs(a: Float32Array): number { let m = 0; a.forEach((v) => { m = Math.max(m, Math.abs(v)); }); return m; }
console.log(`${name} b${batch}: max relative error per tensor (worst 8 of each pair; pre-batch-norm biases apart)`);
for (const [label, a, b] of pairs) {
  const rows = [...b.keys()].map((k) => [k, relError(a.get(k)!, b.get(k)!)] as const).sort((p, q) => q[1] - p[1]);
  const real = rows.filter(([k]) => !noise(k, b)), biases = rows.filter(([k]) => noise(k, b));
  console.log(`${label}: worst ${real[0]![1].toExponential(2)} (${biases.length} pre-batch-norm bias tensors, gradients below 1e-6: worst ${biases[0]?.[1].toExponential(2) ?? '-'})`);
  for (const [k, e] of real.slice(0, 8)) console.log(`  ${e.toExponential(2)}  ${k}`);
}
