import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTar } from './tar.js';

test('reads regular files written by the system tar, including long names', (t) => {
  if (spawnSync('tar', ['--version']).status !== 0) return t.skip('no tar binary');
  const dir = mkdtempSync(join(tmpdir(), 'snip-tar-'));
  try {
    const long = 'd'.repeat(120);
    mkdirSync(join(dir, 'package', long), { recursive: true });
    writeFileSync(join(dir, 'package', 'a.txt'), 'hello');
    writeFileSync(join(dir, 'package', long, 'b.bin'), Buffer.alloc(1000, 7));
    for (const format of ['ustar', 'pax', 'gnu']) {
      const tarPath = join(dir, `x-${format}.tar`);
      const r = spawnSync('tar', [`--format=${format}`, '-cf', tarPath, '-C', dir, 'package']);
      if (format === 'ustar' && r.status !== 0) continue; // ustar cannot hold a 120-char name
      assert.equal(r.status, 0, String(r.stderr));
      const files = readTar(readFileSync(tarPath));
      assert.equal(Buffer.from(files.get('package/a.txt')!).toString(), 'hello', format);
      assert.deepEqual(files.get(`package/${long}/b.bin`), new Uint8Array(1000).fill(7), format);
      assert.equal(files.size, 2);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('refuses truncated and corrupt archives', (t) => {
  if (spawnSync('tar', ['--version']).status !== 0) return t.skip('no tar binary');
  const dir = mkdtempSync(join(tmpdir(), 'snip-tar-'));
  try {
    writeFileSync(join(dir, 'f'), Buffer.alloc(2000, 1));
    const tarPath = join(dir, 'x.tar');
    spawnSync('tar', ['-cf', tarPath, '-C', dir, 'f']);
    const bytes = readFileSync(tarPath);
    assert.throws(() => readTar(bytes.subarray(0, 1000), 'x.tar'), /^Error: x.tar: corrupt tar archive: truncated/);
    const bad = Buffer.from(bytes);
    bad[0] ^= 1;
    assert.throws(() => readTar(bad, 'x.tar'), /checksum mismatch/);
    assert.throws(() => readTar(bytes.subarray(0, 512 * 5), 'x.tar'), /no end-of-archive marker/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
