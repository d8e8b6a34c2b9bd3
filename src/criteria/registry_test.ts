// The criterion contract, for every registered criterion (STYLE §4, §7).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../../test/helpers/cpu.js';
import { toyContext, toyModel } from '../../test/helpers/toy_net.js';
import { criteria, getCriterion } from './registry.js';

before(useCpu);

for (const c of Object.values(criteria)) {
  test(`${c.name}: score shapes = weight shapes, weights and masks unchanged, no leaked tensor`, async () => {
    const model = toyModel();
    const ctx = toyContext(model, 3);
    const weightsBefore = model.getWeights().map((w) => [...w.dataSync()]);
    const masksBefore = [...ctx.masks.values()].map((m) => [...m.dataSync()]);
    const tensorsBefore = tf.memory().numTensors;
    const scores = await c.score(ctx);
    for (const w of ctx.weights) assert.deepEqual(scores.get(w.key)?.shape, w.variable.shape);
    assert.equal(scores.size, ctx.weights.length);
    tf.dispose([...scores.values()]);
    assert.equal(tf.memory().numTensors, tensorsBefore);
    assert.deepEqual(model.getWeights().map((w) => [...w.dataSync()]), weightsBefore);
    assert.deepEqual([...ctx.masks.values()].map((m) => [...m.dataSync()]), masksBefore);
    ctx.dispose();
  });
}

test('the registry holds the six criteria and rejects an unknown name with the valid list', () => {
  assert.deepEqual(Object.keys(criteria).sort(), ['grasp', 'magnitude', 'random', 'snip', 'snip-iterative', 'synflow']);
  assert.throws(() => getCriterion('nope'), /valid criteria: snip, random/);
});
