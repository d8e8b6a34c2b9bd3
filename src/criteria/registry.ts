// Every pruning criterion by name.
import type { Criterion } from './criterion.js';
import { grasp } from './grasp.js';
import { magnitude } from './magnitude.js';
import { random } from './random.js';
import { snip } from './snip.js';
import { snipIterative } from './snip_iterative.js';
import { synflow } from './synflow.js';

export const criteria: Record<string, Criterion> = Object.fromEntries(
  [snip, random, magnitude, grasp, synflow, snipIterative].map((c) => [c.name, c]),
);

export function getCriterion(name: string): Criterion {
  const c = criteria[name];
  if (!c) throw new Error(`unknown criterion '${name}'; valid criteria: ${Object.keys(criteria).join(', ')}`);
  return c;
}
