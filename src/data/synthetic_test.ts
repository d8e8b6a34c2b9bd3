import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synthetic } from './synthetic.js';

test('synthetic is fast, seeded and learnable by nearest class mean', async () => {
  const t0 = Date.now();
  const d = await synthetic.load({ seed: 1, valFraction: 0.1 });
  assert.ok(Date.now() - t0 < 1000);
  assert.deepEqual([d.train.count, d.val.count, d.test.count], [1800, 200, 500]);
  assert.deepEqual(d.inputShape, [8, 8, 1]);
  assert.deepEqual(await synthetic.load({ seed: 1, valFraction: 0.1 }), d);
  assert.notDeepEqual((await synthetic.load({ seed: 2, valFraction: 0.1 })).test.x, d.test.x);
  // a nearest-class-mean classifier fitted on train should do far better than chance (25%)
  const means = Array.from({ length: 4 }, () => new Float64Array(64));
  const n = new Array(4).fill(0);
  for (let i = 0; i < d.train.count; i++) {
    n[d.train.y[i]]++;
    for (let j = 0; j < 64; j++) means[d.train.y[i]][j] += d.train.x[i * 64 + j];
  }
  means.forEach((m, k) => m.forEach((v, j) => (m[j] = v / n[k])));
  let correct = 0;
  for (let i = 0; i < d.test.count; i++) {
    const dist = means.map((m) => m.reduce((s, v, j) => s + (v - d.test.x[i * 64 + j]) ** 2, 0));
    if (dist.indexOf(Math.min(...dist)) === d.test.y[i]) correct++;
  }
  const acc = correct / d.test.count;
  assert.ok(acc > 0.8 && acc < 1, `accuracy ${acc}`);
  assert.ok(Math.min(...n) > 350);
});
