import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../../test/helpers/cpu.js';
import { flatScores, toyContext, toyModel } from '../../test/helpers/toy_net.js';
import { pruneLoop } from '../masks/prune_loop.js';
import { getCriterion } from './registry.js';
import { snip } from './snip.js';
import { SNIP_ITERATIVE_ROUNDS, snipIterative } from './snip_iterative.js';

before(useCpu);

test('snip-iterative scores like SNIP, and its registry entry carries the default rounds', async () => {
  assert.equal(getCriterion('snip-iterative').rounds, SNIP_ITERATIVE_ROUNDS);
  const ctx = toyContext(toyModel());
  const a = await snipIterative.score(ctx);
  const b = await snip.score(ctx);
  assert.deepEqual(flatScores(a), flatScores(b));
  tf.dispose([...a.values(), ...b.values()]);
  ctx.dispose();
});

test('pruneLoop with snip-iterative rounds keeps exactly κ and restores the weights', async () => {
  const model = toyModel();
  const ctx = toyContext(model);
  const before = model.getWeights().map((w) => [...w.dataSync()]);
  const out = await pruneLoop(snipIterative, ctx, { sparsity: 0.6, scope: 'global', rounds: 3 });
  assert.equal(out.kept, 4); // round(0.4 · 10)
  assert.deepEqual(model.getWeights().map((w) => [...w.dataSync()]), before);
  tf.dispose([...out.masks.values()]);
  ctx.dispose();
});
