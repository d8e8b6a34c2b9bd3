// Every model the CLI and library know by name.
import { alexnetB, alexnetS } from './alexnet.js';
import { lenet300100, lenet5Caffe } from './lenet.js';
import type { ModelSpec } from './model_spec.js';
import { gruB, gruS, lstmB, lstmS } from './rnn.js';
import { vggC, vggD, vggLike } from './vgg.js';
import { wrn16x10, wrn16x8, wrn22x8 } from './wrn.js';

export const models: Record<string, ModelSpec> = Object.fromEntries(
  [
    lenet300100, lenet5Caffe,
    alexnetS, alexnetB, vggC, vggD, vggLike, wrn16x8, wrn16x10, wrn22x8,
    lstmS, lstmB, gruS, gruB,
  ].map((m) => [m.name, m]),
);

export function getModel(name: string): ModelSpec {
  const spec = models[name];
  if (!spec) throw new Error(`unknown model '${name}'; valid models: ${Object.keys(models).join(', ')}`);
  return spec;
}
