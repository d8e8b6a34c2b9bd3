import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lrAt, lrText, stepDecayLr, type LrSchedule } from './lr_schedule.js';

const STEP: LrSchedule = { lr: 0.1, lrSchedule: 'step', lrDecayEvery: 25_000, lrDecayFactor: 0.1, warmup: 0, iterations: 100_000 };
const COSINE: LrSchedule = { ...STEP, lrSchedule: 'cosine', iterations: 1000 };

test('step decay: ×0.1 every 25k iterations', () => {
  assert.equal(stepDecayLr(0.1, 0.1, 25000, 0), 0.1);
  assert.equal(stepDecayLr(0.1, 0.1, 25000, 24999), 0.1);
  assert.ok(Math.abs(stepDecayLr(0.1, 0.1, 25000, 25000) - 0.01) < 1e-12);
  assert.ok(Math.abs(stepDecayLr(0.1, 0.1, 25000, 75000) - 1e-4) < 1e-15);
  assert.equal(lrAt(STEP, 24_999), 0.1);
  assert.ok(Math.abs(lrAt(STEP, 50_000) - 1e-3) < 1e-15);
});

test('cosine: the base rate at 0, half at mid-run, falling to near 0 at the last iteration', () => {
  assert.equal(lrAt(COSINE, 0), 0.1);
  assert.ok(Math.abs(lrAt(COSINE, 500) - 0.05) < 1e-12);
  assert.ok(lrAt(COSINE, 999) > 0 && lrAt(COSINE, 999) < 1e-6);
  for (let t = 1; t < 1000; t++) assert.ok(lrAt(COSINE, t) < lrAt(COSINE, t - 1), `not decreasing at ${t}`);
});

test('warm-up rises linearly to the base rate, then the schedule starts from it', () => {
  const s = { ...COSINE, warmup: 100 };
  assert.ok(Math.abs(lrAt(s, 0) - 0.001) < 1e-12);
  assert.ok(Math.abs(lrAt(s, 49) - 0.05) < 1e-12);
  assert.equal(lrAt(s, 99), 0.1);
  assert.equal(lrAt(s, 100), 0.1);
  assert.ok(Math.abs(lrAt(s, 550) - 0.05) < 1e-12, 'mid-point of the 900 cosine iterations');
  assert.equal(lrAt({ ...STEP, warmup: 10 }, 10), 0.1);
});

test('lrText states the schedule, and reads run folders that predate cosine and warm-up', () => {
  assert.equal(lrText({ ...STEP, lrDecayEvery: 3000, iterations: 9000 }), 'lr 0.1 ×0.1 every 3000');
  assert.equal(lrText({ ...COSINE, warmup: 350 }), 'lr 0.1 cosine to 0, 350 warm-up');
  const { lrSchedule: _s, warmup: _w, ...old } = STEP;
  assert.equal(lrText({ ...old, lrDecayEvery: 200_000 }), 'lr 0.1, no decay');
});
