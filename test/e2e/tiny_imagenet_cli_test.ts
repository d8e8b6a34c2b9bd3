// `snip train --dataset tiny-imagenet` on a small generated copy in the official layout.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { snipCli, tempDir } from '../helpers/cli.js';
import { writeFakeTinyImagenet } from '../helpers/tiny_imagenet_fake.js';

test('without --data-dir or $SNIP_TINY_IMAGENET, tiny-imagenet is refused in one line', () => {
  const env = { ...process.env };
  delete env.SNIP_TINY_IMAGENET;
  const out = join(tempDir('tiny-none'), 'run');
  const r = snipCli(['prune', '--model', 'vgg-d', '--dataset', 'tiny-imagenet', '--out', out], process.cwd(), env);
  assert.notEqual(r.status, 0);
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  assert.deepEqual(lines.length, 1, r.stderr);
  assert.match(lines[0], /tiny-imagenet: no data location given; pass --data-dir the tiny-imagenet-200 folder or tiny-imagenet-200.tar.gz \(or set SNIP_TINY_IMAGENET\)/);
});

test('snip train prunes and trains a 64x64 network on a Tiny-ImageNet folder, with augmentation', () => {
  const dir = tempDir('tiny-train');
  const data = writeFakeTinyImagenet(join(dir, 'data'), 2);
  const out = join(dir, 'run');
  const env = { ...process.env, SNIP_CACHE: join(dir, 'cache') };
  const r = snipCli(['train', '--model', 'alexnet-s', '--dataset', 'tiny-imagenet', '--data-dir', data, '--sparsity', '0.95',
    '--iterations', '2', '--validate-every', '2', '--batch-size', '8', '--score-batches', '2', '--out', out], process.cwd(), env);
  assert.equal(r.status, 0, r.stderr);
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
  assert.deepEqual([config.dataset, config.augment, config.lrDecayEvery, config.weightDecay], ['tiny-imagenet', true, 30_000, 5e-4]);
  assert.deepEqual([config.scoreSampling, config.scoreBatches], ['balanced', 2]); // 200 classes: balanced by default
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.training.iterations, 2);
  assert.ok(summary.training.testError > 0.5); // 200 classes after two steps: near chance
  rmSync(dir, { recursive: true, force: true });
});

test('a random scoring batch smaller than the 200 classes cuts classes off, with a warning; --score-sampling balanced reaches them', () => {
  const dir = tempDir('tiny-balanced');
  const data = writeFakeTinyImagenet(join(dir, 'data'), 4);
  const env = { ...process.env, SNIP_CACHE: join(dir, 'cache') };
  const prune = (name: string, extra: string[]) => {
    const out = join(dir, name);
    const r = snipCli(['prune', '--model', 'alexnet-s', '--dataset', 'tiny-imagenet', '--data-dir', data, '--sparsity', '0.95', '--out', out, ...extra],
      process.cwd(), env);
    assert.equal(r.status, 0, r.stderr);
    return { stderr: r.stderr, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')), md: readFileSync(join(out, 'summary.md'), 'utf8') };
  };
  const random = prune('random', ['--score-batch-size', '20', '--score-batches', '1', '--score-sampling', 'random']);
  assert.ok(random.summary.classesWithoutWeights > 150, String(random.summary.classesWithoutWeights)); // 181 here
  assert.match(random.stderr, /\d+ of 200 classes kept no weight in fc3\/kernel, so the network cannot predict them; usually the scoring data missed them: score on every class \(--score-sampling balanced/);
  assert.match(random.md, /Classes cut off/);
  const balanced = prune('balanced', ['--score-batch-size', '100', '--score-batches', '4']); // balanced: the default for 200 classes
  assert.equal(balanced.summary.scoreSampling, 'balanced');
  // 27 here: the fake's flat greyscale classes look alike, so some lose anyway (VGG-D on the real data, 10 per class: none)
  assert.ok(balanced.summary.classesWithoutWeights < 60, String(balanced.summary.classesWithoutWeights));
  assert.match(balanced.md, /scoring batch 100 × 4 \(class-balanced\)/);
  rmSync(dir, { recursive: true, force: true });
});

test('a scoring set larger than the training split is refused in one line', () => {
  const dir = tempDir('tiny-too-few');
  const data = writeFakeTinyImagenet(join(dir, 'data'), 1);
  const r = snipCli(['prune', '--model', 'alexnet-s', '--dataset', 'tiny-imagenet', '--data-dir', data, '--out', join(dir, 'run')],
    process.cwd(), { ...process.env, SNIP_CACHE: join(dir, 'cache') });
  assert.notEqual(r.status, 0);
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /scoring needs 2000 examples \(--score-batch-size 100 × --score-batches 20\) but the training split has 180; lower --score-batches/);
  rmSync(dir, { recursive: true, force: true });
});
