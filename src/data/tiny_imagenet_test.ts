import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLOUR_CLASSES, FAKE_WNIDS, VAL_INDEX, fakePixel, writeFakeTinyImagenet } from '../../test/helpers/tiny_imagenet_fake.js';
import { getDataset } from './registry.js';
import { loadTinyImagenetRaw, locateTinyImagenet, tinyCachePath, TINY_IMAGENET_ENV } from './tiny_imagenet.js';

const FIX = 'fix it';
const PER_CLASS = 2;
const PIXELS = 64 * 64 * 3;
const SHARED = '/work/shared/data/tiny-imagenet-200.tar.gz';
const hasTar = spawnSync('tar', ['--version']).status === 0;

let dir: string;
let root: string; // the fake's tiny-imagenet-200 folder
let tgz: string;
const savedCache = process.env.SNIP_CACHE;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'snip-tiny-'));
  process.env.SNIP_CACHE = join(dir, 'cache');
  root = writeFakeTinyImagenet(join(dir, 'data'), PER_CLASS);
  tgz = join(dir, 'tiny-imagenet-200.tar.gz');
  if (hasTar) assert.equal(spawnSync('tar', ['-czf', tgz, '-C', join(dir, 'data'), 'tiny-imagenet-200']).status, 0);
});
after(() => {
  if (savedCache === undefined) delete process.env.SNIP_CACHE;
  else process.env.SNIP_CACHE = savedCache;
  rmSync(dir, { recursive: true, force: true });
});

/** The RGB of pixel p of image i of a split. */
const rgb = (x: Uint8Array, i: number, p: number) => [...x.subarray(i * PIXELS + 3 * p, i * PIXELS + 3 * p + 3)];
const near = (got: number[], want: number[], what: string) =>
  assert.ok(got.every((v, c) => Math.abs(v - want[c]) <= 3), `${what}: got ${got}, want ${want}`);

test('the generated archive decodes to labelled RGB images, greyscale expanded to R = G = B', (t) => {
  if (!hasTar) return t.skip('no tar binary');
  const raw = loadTinyImagenetRaw(locateTinyImagenet(tgz, FIX), FIX);
  assert.equal(raw.cached, false);
  assert.equal(raw.train.count, 200 * PER_CLASS);
  assert.equal(raw.test.count, 200);
  assert.equal(raw.info.wnids, FAKE_WNIDS.join(' '));
  for (let i = 0; i < raw.train.count; i++) {
    const label = Math.floor(i / PER_CLASS);
    const index = i % PER_CLASS;
    assert.equal(raw.train.y[i], label);
    for (const p of [0, 2080, 4095]) near(rgb(raw.train.x, i, p), fakePixel(label, index), `train ${i}`);
  }
  // test order is val_annotations.txt's: val_k belongs to class 199 - k
  for (let k = 0; k < 200; k++) {
    const label = 199 - k;
    assert.equal(raw.test.y[k], label);
    near(rgb(raw.test.x, k, 100), fakePixel(label, VAL_INDEX), `test ${k}`);
  }
  // greyscale JPEGs (one component) come out exactly as R = G = B; colour ones keep their channels (above)
  const grey = rgb(raw.train.x, COLOUR_CLASSES * PER_CLASS, 0);
  assert.deepEqual(grey, [grey[0], grey[0], grey[0]]);
});

test('the folder and the archive give the same data; limitPerClass takes the first files of each class', (t) => {
  if (!hasTar) return t.skip('no tar binary');
  const fromTgz = loadTinyImagenetRaw(locateTinyImagenet(tgz, FIX), FIX, { limitPerClass: 1 });
  // the folder may be named directly or as the folder above it
  for (const at of [root, join(dir, 'data')]) {
    const fromDir = loadTinyImagenetRaw(locateTinyImagenet(at, FIX), FIX, { limitPerClass: 1 });
    assert.equal(fromDir.train.count, 200);
    assert.deepEqual(fromDir.train.y, Uint8Array.from({ length: 200 }, (_, i) => i));
    assert.deepEqual(fromDir.train.x, fromTgz.train.x);
    assert.deepEqual(fromDir.test.y, fromTgz.test.y);
  }
  assert.equal(locateTinyImagenet(dir, FIX).kind, 'archive'); // a folder holding tiny-imagenet-200.tar.gz
});

test('the Dataset: seeded 10% hold-out of train, val as test, per-channel normalisation, CIFAR protocol', async (t) => {
  if (!hasTar) return t.skip('no tar binary');
  const spec = getDataset('tiny-imagenet');
  assert.deepEqual([spec.inputShape, spec.numClasses, spec.augment], [[64, 64, 3], 200, true]);
  const a = await spec.load({ dataDir: tgz, seed: 3, valFraction: 0.1 });
  assert.deepEqual([a.train.count, a.val.count, a.test.count], [360, 40, 200]);
  assert.equal(a.train.x.length, 360 * PIXELS);
  // normalised with the training part's statistics: each channel has mean 0 there
  for (let c = 0; c < 3; c++) {
    let s = 0;
    for (let j = c; j < a.train.x.length; j += 3) s += a.train.x[j];
    assert.ok(Math.abs(s / (a.train.x.length / 3)) < 1e-3, `channel ${c} mean`);
  }
  const b = await spec.load({ dataDir: tgz, seed: 3, valFraction: 0.1 });
  const c = await spec.load({ dataDir: tgz, seed: 4, valFraction: 0.1 });
  assert.deepEqual(b.val.y, a.val.y);
  assert.notDeepEqual(c.val.y, a.val.y);
  // the environment variable stands in for --data-dir
  process.env[TINY_IMAGENET_ENV] = root;
  try {
    assert.equal((await spec.load({ seed: 3, valFraction: 0.1 })).train.count, 360);
  } finally {
    delete process.env[TINY_IMAGENET_ENV];
  }
  await assert.rejects(spec.load({ seed: 3, valFraction: 0.1 }), /^Error: tiny-imagenet: no data location given; pass --data-dir the tiny-imagenet-200 folder or tiny-imagenet-200.tar.gz \(or set SNIP_TINY_IMAGENET\)$/);
});

test('the decoded data is cached: a second load reads the cache, a corrupt cache is refused', (t) => {
  if (!hasTar) return t.skip('no tar binary');
  const src = locateTinyImagenet(tgz, FIX);
  const opts = { limitPerClass: 2 };
  const first = loadTinyImagenetRaw(src, FIX, opts);
  const cache = tinyCachePath(src, opts);
  assert.ok(existsSync(cache));
  const second = loadTinyImagenetRaw(src, FIX, opts);
  assert.equal(second.cached, true);
  assert.deepEqual([second.train.x, second.train.y, second.test.x, second.test.y], [first.train.x, first.train.y, first.test.x, first.test.y]);
  assert.notEqual(tinyCachePath(src, { limitPerClass: 1 }), cache); // a limited read has its own cache
  const bytes = readFileSync(cache);
  bytes[bytes.length - 5000] ^= 0xff;
  writeFileSync(cache, bytes);
  assert.throws(() => loadTinyImagenetRaw(src, FIX, opts), /\.safetensors: checksum mismatch, the cached data is corrupt; delete .* to decode the data set again$/);
  rmSync(cache);
  assert.equal(loadTinyImagenetRaw(src, FIX, opts).cached, false);
});

test('a missing or corrupt data set is refused with a one-line error naming what is wrong', (t) => {
  if (!hasTar) return t.skip('no tar binary');
  const fail = (at: string, re: RegExp) => assert.throws(() => loadTinyImagenetRaw(locateTinyImagenet(at, FIX), FIX, { limitPerClass: 1 }), (err: Error) => {
    assert.match(err.message, re);
    assert.ok(!err.message.includes('\n') && err.message.endsWith(FIX), err.message);
    return true;
  });
  const bad = join(dir, 'bad');
  const copy = () => {
    rmSync(bad, { recursive: true, force: true });
    assert.equal(spawnSync('cp', ['-r', root, bad]).status, 0);
    return bad;
  };
  const pack = (name: string) => {
    const out = join(dir, name);
    assert.equal(spawnSync('tar', ['-czf', out, '-C', dir, 'bad']).status, 0);
    return out;
  };
  fail(join(dir, 'nowhere'), /nowhere: no such file or folder/);
  fail(join(dir, 'data', 'tiny-imagenet-200', 'wnids.txt'), /wnids.txt: not a folder or a .tar.gz/);
  // truncated gzip
  const tgzBytes = readFileSync(tgz);
  const truncated = join(dir, 'truncated.tar.gz');
  writeFileSync(truncated, tgzBytes.subarray(0, tgzBytes.length >> 1));
  fail(truncated, /truncated.tar.gz: cannot gunzip, truncated or corrupt/);
  // no wnids.txt
  rmSync(join(copy(), 'wnids.txt'));
  fail(pack('no-wnids.tar.gz'), /no-wnids.tar.gz: no wnids.txt inside the archive/);
  fail(bad, /bad: no wnids.txt, tiny-imagenet-200\/ or tiny-imagenet-200.tar.gz found/);
  // a class folder missing
  rmSync(join(copy(), 'train', FAKE_WNIDS[17]), { recursive: true });
  fail(pack('no-class.tar.gz'), new RegExp(`no-class.tar.gz:bad: class folder train/${FAKE_WNIDS[17]}/images/ is missing`));
  fail(bad, new RegExp(`bad: class folder train/${FAKE_WNIDS[17]}/images/ is missing`));
  // an undecodable JPEG
  const jpegPath = join(copy(), 'train', FAKE_WNIDS[3], 'images', `${FAKE_WNIDS[3]}_0.JPEG`);
  writeFileSync(jpegPath, readFileSync(jpegPath).subarray(0, 300));
  fail(bad, new RegExp(`bad: train/${FAKE_WNIDS[3]}/images/${FAKE_WNIDS[3]}_0.JPEG: cannot decode JPEG`));
  // wnids.txt cut short, an unknown class in the val annotations, a val image missing
  writeFileSync(join(copy(), 'wnids.txt'), FAKE_WNIDS.slice(0, 150).join('\n'));
  fail(bad, /bad: wnids.txt lists 150 classes, expected 200/);
  const ann = join(copy(), 'val', 'val_annotations.txt');
  writeFileSync(ann, readFileSync(ann, 'utf8').replace(FAKE_WNIDS[40], 'n99999999'));
  fail(bad, /bad: val\/val_annotations.txt line 160 names no class of wnids.txt \('val_159.JPEG\tn99999999/);
  renameSync(join(copy(), 'val', 'images', 'val_3.JPEG'), join(bad, 'val_3.JPEG'));
  fail(bad, /bad: val\/images\/val_3.JPEG is missing/);
});

test('the shared Tiny-ImageNet copy, when present: 200 classes, real JPEGs decode at 64x64', (t) => {
  if (!existsSync(SHARED)) return t.skip(`no ${SHARED}`);
  const raw = loadTinyImagenetRaw(locateTinyImagenet(SHARED, FIX), FIX, { limitPerClass: 1 });
  assert.equal(raw.info.wnids.split(' ').length, 200);
  assert.deepEqual([raw.train.count, raw.test.count], [200, 200]);
  assert.deepEqual([...new Set(raw.train.y)].length, 200);
  assert.deepEqual([...new Set(raw.test.y)].length, 200);
  let sum = 0;
  for (const v of raw.train.x) sum += v;
  const mean = sum / raw.train.x.length;
  assert.ok(mean > 60 && mean < 200, `mean pixel ${mean}`); // natural images, not blank
});
