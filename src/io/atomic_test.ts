import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDir, writeFileAtomic, writeFileAtomicAsync } from './atomic.js';
import { sha256Hex } from './checksum.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'snip-atomic-'));
}

test('writeFileAtomic creates parents, replaces content and leaves no temp files', () => {
  const dir = tmp();
  try {
    const p = join(dir, 'a', 'b', 'f.txt');
    writeFileAtomic(p, 'one');
    writeFileAtomic(p, new Uint8Array([104, 105]));
    assert.equal(readFileSync(p, 'utf8'), 'hi');
    assert.deepEqual(readdirSync(join(dir, 'a', 'b')), ['f.txt']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomicAsync writes the same bytes', async () => {
  const dir = tmp();
  try {
    const p = join(dir, 'g.bin');
    writeFileSync(p, 'old');
    await writeFileAtomicAsync(p, new Uint8Array([1, 2, 3]));
    assert.deepEqual([...readFileSync(p)], [1, 2, 3]);
    assert.deepEqual(readdirSync(dir), ['g.bin']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed write keeps the old file and removes the temp file', () => {
  const dir = tmp();
  try {
    const p = join(dir, 'sub');
    ensureDir(p); // a directory: rename of a file over it fails
    assert.throws(() => writeFileAtomic(p, 'x'));
    assert.deepEqual(readdirSync(dir), ['sub']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sha256Hex matches a known digest', () => {
  assert.equal(sha256Hex(Buffer.from('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
