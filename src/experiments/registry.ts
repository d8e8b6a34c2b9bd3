// Every experiment of `snip experiment <name>`.
import { batchSize } from './batch_size.js';
import type { Experiment } from './experiment.js';
import { firstLayer } from './first_layer.js';
import { initStudy } from './init_study.js';
import { layerDensity } from './layer_density.js';
import { randomLabels } from './random_labels.js';
import { sparsitySweep } from './sparsity_sweep.js';

export const experiments: Record<string, Experiment> = Object.fromEntries(
  [sparsitySweep, batchSize, randomLabels, firstLayer, layerDensity, initStudy].map((e) => [e.name, e]),
);

export function getExperiment(name: string): Experiment {
  const e = Object.prototype.hasOwnProperty.call(experiments, name) ? experiments[name] : undefined;
  if (!e) throw new Error(`unknown experiment '${name}'; valid experiments: ${Object.keys(experiments).join(', ')}`);
  return e;
}
