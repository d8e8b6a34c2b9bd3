import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig, defaultScoring, validateConfig, type RunConfig } from './config.js';
import { jobConfig } from './job_config.js';

test('defaults follow the paper per data set, and a model may set its own learning rate', () => {
  const l300 = defaultConfig('lenet-300-100', 'mnist');
  assert.deepEqual([l300.batchSize, l300.lr, l300.lrDecayEvery, l300.momentum, l300.weightDecay], [100, 0.1, 25_000, 0.9, 5e-4]);
  assert.equal(defaultConfig('lenet5-caffe', 'mnist').lr, 0.01); // lr 0.1 diverges (scripts/lenet5_lr_check.py)
  const vgg = defaultConfig('vgg-d', 'cifar10');
  assert.deepEqual([vgg.batchSize, vgg.lr, vgg.lrDecayEvery, vgg.augment], [128, 0.1, 30_000, true]);
  assert.equal(l300.augment, false);
  const tiny = defaultConfig('vgg-d', 'tiny-imagenet'); // the CIFAR protocol at 64x64
  assert.deepEqual([tiny.batchSize, tiny.lr, tiny.lrDecayEvery, tiny.lrDecayFactor, tiny.momentum, tiny.weightDecay, tiny.augment],
    [128, 0.1, 30_000, 0.1, 0.9, 5e-4, true]);
});

test('validation names the bad flag in one line', () => {
  const c = defaultConfig('lenet-300-100', 'mnist');
  assert.throws(() => validateConfig({ ...c, sparsity: 1 }), /^Error: --sparsity must be in \(0, 1\), got 1$/);
  assert.throws(() => validateConfig({ ...c, batchSize: 0 }), /--batch-size must be a positive integer/);
  assert.throws(() => validateConfig({ ...c, lr: -1 }), /--lr must be a positive number/);
  assert.throws(() => validateConfig({ ...c, momentum: 1 }), /--momentum must be in \[0, 1\)/);
  assert.doesNotThrow(() => validateConfig({ ...c, sparsity: null }));
  assert.throws(() => validateConfig({ ...c, lrSchedule: 'linear' as RunConfig['lrSchedule'] }), /^Error: unknown --lr-schedule 'linear'; valid: step, cosine$/);
  assert.throws(() => validateConfig({ ...c, iterations: 100, warmup: 100 }), /^Error: --warmup must be an integer in \[0, --iterations\), got 100$/);
  assert.throws(() => validateConfig({ ...c, scoreSampling: 'stratified' as RunConfig['scoreSampling'] }), /^Error: unknown --score-sampling 'stratified'; valid: random, balanced$/);
});

test('scoring: one random batch of 100 where it holds every class, else 10 per class; random in run folders that predate --score-sampling', () => {
  const pick = (c: RunConfig) => [c.scoreBatchSize, c.scoreBatches, c.scoreSampling];
  assert.deepEqual(pick(defaultConfig('vgg-d', 'cifar10')), [100, 1, 'random']);
  assert.deepEqual(pick(defaultConfig('lenet-300-100', 'mnist')), [100, 1, 'random']);
  assert.deepEqual(pick(defaultConfig('vgg-d', 'tiny-imagenet')), [100, 20, 'balanced']);
  assert.deepEqual(defaultScoring(1000), { scoreBatchSize: 100, scoreBatches: 100, scoreSampling: 'balanced' });
  const { scoreSampling: _s, ...old } = defaultConfig('lenet-300-100', 'mnist');
  assert.equal(validateConfig(old as RunConfig).scoreSampling, 'random');
});

test('the schedule: step decay by default, cosine and warm-up where given (experiments too), step for run folders that predate them', () => {
  assert.deepEqual([defaultConfig('vgg-d', 'cifar10').lrSchedule, defaultConfig('vgg-d', 'cifar10').warmup], ['step', 0]);
  const exp = { out: 'x', quick: false, jobs: 1, seed: 1, iterations: 2000, lrSchedule: 'cosine' as const, warmup: 100 };
  const job = jobConfig(exp, 'lenet-300-100', 'mnist');
  assert.deepEqual([job.lrSchedule, job.warmup, job.iterations], ['cosine', 100, 2000]);
  const { lrSchedule: _s, warmup: _w, ...old } = defaultConfig('lenet-300-100', 'mnist');
  const upgraded = validateConfig(old as RunConfig);
  assert.deepEqual([upgraded.lrSchedule, upgraded.warmup], ['step', 0]);
});
