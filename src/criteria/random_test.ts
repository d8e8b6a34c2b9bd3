import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../../test/helpers/cpu.js';
import { flatScores, toyContext, toyModel } from '../../test/helpers/toy_net.js';
import { makeRng, mixSeed } from '../util/rng.js';
import { random, RANDOM_STREAM } from './random.js';

before(useCpu);

test('random scores are the seeded uniform stream, in (0, 1], one per weight', async () => {
  const ctx = toyContext(toyModel(), 7);
  const scores = await random.score(ctx);
  const rng = makeRng(mixSeed(7, RANDOM_STREAM));
  const expected = Array.from({ length: 10 }, () => 1 - rng());
  assert.deepEqual(flatScores(scores), expected.map((v) => Math.fround(v)));
  assert.deepEqual(scores.get('h/kernel')!.shape, [3, 2]);
  assert.deepEqual(scores.get('out/kernel')!.shape, [2, 2]);
  assert.ok(expected.every((v) => v > 0 && v <= 1));
  tf.dispose([...scores.values()]);
  ctx.dispose();
});

test('random scores change with the seed and are zero where the mask already pruned', async () => {
  const ctx = toyContext(toyModel(), 1);
  const other = toyContext(toyModel(), 2);
  const a = await random.score(ctx);
  const b = await random.score(other);
  assert.notDeepEqual(flatScores(a), flatScores(b));
  const masked = { ...ctx, masks: new Map([...ctx.masks].map(([k, m]) => [k, tf.zerosLike(m)])) };
  const c = await random.score(masked);
  assert.ok(flatScores(c).every((v) => v === 0));
  tf.dispose([...a.values(), ...b.values(), ...c.values(), ...masked.masks.values()]);
  ctx.dispose();
  other.dispose();
});
