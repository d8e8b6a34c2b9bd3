import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../../test/helpers/cpu.js';
import { flatScores, toyContext, toyGradient, toyModel, W1, W2 } from '../../test/helpers/toy_net.js';
import { grasp, GRASP_TEMPERATURE } from './grasp.js';

before(useCpu);

// θ ⊙ Hg in float64: Hg from central differences of the analytic gradient, in direction g.
function expectedScores(): number[] {
  const theta = [...W1, ...W2];
  const T = GRASP_TEMPERATURE;
  const g = toyGradient(W1, W2, T);
  const gradAt = (s: number) => {
    const t = theta.map((v, i) => v + s * g[i]);
    return toyGradient(t.slice(0, 6), t.slice(6), T);
  };
  const h = 1e-3 / Math.hypot(...g);
  const up = gradAt(h);
  const dn = gradAt(-h);
  const raw = theta.map((v, i) => (v * (up[i] - dn[i])) / (2 * h));
  const norm = Math.abs(raw.reduce((a, b) => a + b, 0)) + 1e-10;
  return raw.map((r) => r / norm);
}

test('GraSP scores equal θ ⊙ Hg (temperature 200), normalised by |Σ|', async () => {
  const ctx = toyContext(toyModel());
  const scores = await grasp.score(ctx);
  const got = flatScores(scores);
  const want = expectedScores();
  const scale = Math.max(...want.map(Math.abs));
  got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-3 * scale, `weight ${i}: ${v} vs ${want[i]}`));
  assert.deepEqual(scores.get('out/kernel')!.shape, [2, 2]);
  tf.dispose([...scores.values()]);
  ctx.dispose();
});
