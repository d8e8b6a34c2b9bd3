import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sha256Hex } from '../io/checksum.js';
import { locateDataFile, readDataFile, readExpectedFile } from './data_file.js';

test('reads plain and gzipped files and verifies the raw SHA-256', () => {
  const dir = mkdtempSync(join(tmpdir(), 'snip-df-'));
  try {
    const body = Buffer.from('official bytes');
    const sha = sha256Hex(body);
    writeFileSync(join(dir, 'a'), body);
    writeFileSync(join(dir, 'b.gz'), gzipSync(body));
    assert.deepEqual(Buffer.from(readExpectedFile(dir, { name: 'a', sha256: sha }, 'fix it')), body);
    assert.deepEqual(Buffer.from(readExpectedFile(dir, { name: 'b', sha256: sha }, 'fix it')), body);
    assert.equal(locateDataFile(dir, 'b', 'x'), join(dir, 'b.gz'));
    assert.throws(() => locateDataFile(dir, 'c', 'fix it'), new RegExp(`^Error: ${join(dir, 'c')}: file not found \\(nor c.gz\\); fix it$`));
    writeFileSync(join(dir, 'a'), body.subarray(0, 5));
    assert.throws(() => readDataFile(join(dir, 'a'), sha, 'fix it'), /a: SHA-256 mismatch, the file is truncated, corrupt or not the official file .*; fix it$/);
    writeFileSync(join(dir, 'b.gz'), gzipSync(body).subarray(0, 12));
    assert.throws(() => readDataFile(join(dir, 'b.gz'), sha, 'fix it'), /b.gz: cannot gunzip \(truncated or corrupt\); fix it$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
