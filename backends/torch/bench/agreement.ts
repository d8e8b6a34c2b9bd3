// One training step (loss, every gradient, the momentum-updated weights) of a network on several
// backends against tfjs-backend-cpu, per tensor: which backends disagree, and where.
//   npx tsx backends/torch/bench/agreement.ts [model] [batch] [backends]   (default vgg-d 8 native,torch)
// A disagreement that native and torch share is the float32 conditioning of the step (batch norm
// over few values), not a kernel of one backend.
import '@tensorflow/tfjs-backend-cpu';

import { selectBackend } from '../../registry.js';
import { compareStepValues, trainingStepValues, type StepValues } from '../scripts/step_values.js';

const [name = 'vgg-d', batchArg = '8', backendsArg = 'native,torch'] = process.argv.slice(2);
const batch = Number(batchArg);
const shape = name.startsWith('lenet') ? [28, 28, 1] : [32, 32, 3];

await selectBackend('cpu', () => {});
const reference = trainingStepValues(name, shape, batch);
const results = new Map<string, StepValues>();
for (const b of backendsArg.split(',')) {
  await selectBackend(b as Parameters<typeof selectBackend>[0], (line) => console.log(line));
  results.set(b, trainingStepValues(name, shape, batch));
}
const names = [...results.keys()];
const pairs: [string, StepValues, StepValues][] = names.map((n) => [`${n} vs cpu`, results.get(n)!, reference]);
if (names.length === 2) pairs.push([`${names[0]} vs ${names[1]}`, results.get(names[0]!)!, results.get(names[1]!)!]);
console.log(`${name} b${batch}: max relative error per tensor (worst 8 of each pair; biases that feed only a batch norm apart)`);
for (const [label, a, b] of pairs) {
  const { real, noise } = compareStepValues(a, b);
  console.log(`${label}: worst ${real[0]![1].toExponential(2)} (${noise.length} pre-batch-norm bias tensors, rounding noise: worst ${noise[0]?.[1].toExponential(2) ?? '-'})`);
  for (const [k, e] of real.slice(0, 8)) console.log(`  ${e.toExponential(2)}  ${k}`);
}
