// Every model the CLI and library know by name.
import { lenet300100, lenet5Caffe } from './lenet.js';
import type { ModelSpec } from './model_spec.js';

export const models: Record<string, ModelSpec> = Object.fromEntries(
  [lenet300100, lenet5Caffe].map((m) => [m.name, m]),
);

export function getModel(name: string): ModelSpec {
  const spec = models[name];
  if (!spec) throw new Error(`unknown model '${name}'; valid models: ${Object.keys(models).join(', ')}`);
  return spec;
}
