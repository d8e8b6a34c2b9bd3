// Every pruning criterion by name.
import type { Criterion } from './criterion.js';
import { snip } from './snip.js';

export const criteria: Record<string, Criterion> = Object.fromEntries([snip].map((c) => [c.name, c]));

export function getCriterion(name: string): Criterion {
  const c = criteria[name];
  if (!c) throw new Error(`unknown criterion '${name}'; valid criteria: ${Object.keys(criteria).join(', ')}`);
  return c;
}
