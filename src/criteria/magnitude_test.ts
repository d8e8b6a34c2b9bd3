import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../../test/helpers/cpu.js';
import { flatScores, toyContext, toyModel, W1, W2 } from '../../test/helpers/toy_net.js';
import { magnitude } from './magnitude.js';

before(useCpu);

test('magnitude scores are |w|', async () => {
  const ctx = toyContext(toyModel());
  const scores = await magnitude.score(ctx);
  assert.deepEqual(flatScores(scores), [...W1, ...W2].map(Math.abs));
  assert.deepEqual(scores.get('h/kernel')!.shape, [3, 2]);
  tf.dispose([...scores.values()]);
  ctx.dispose();
});
