// Iterative SNIP (FORCE's "Iter SNIP", de Jorge et al. 2021): SNIP re-scored on the partly
// pruned network over several rounds of the exponential schedule d^(r/R).
import type { Criterion } from './criterion.js';
import { snip } from './snip.js';

/** Rounds used unless the caller passes its own (the same default as SynFlow's). */
export const SNIP_ITERATIVE_ROUNDS = 100;

export const snipIterative: Criterion = {
  name: 'snip-iterative',
  description: `SNIP re-scored over ${SNIP_ITERATIVE_ROUNDS} rounds of an exponential schedule (FORCE's iterative SNIP)`,
  rounds: SNIP_ITERATIVE_ROUNDS,
  score: (ctx) => snip.score(ctx),
};
