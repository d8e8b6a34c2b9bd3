// Finding, reading and verifying data files: plain or gzipped, checked by SHA-256 of the raw
// (uncompressed) bytes. Every error is one line naming the file and how to fix it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sha256Hex } from '../io/checksum.js';

/** A file a loader needs: its official name and the SHA-256 of its raw bytes (null: unchecked). */
export interface ExpectedFile {
  name: string;
  sha256: string | null;
}

/** Returns the path of `name` or `name.gz` inside `dir`. */
export function locateDataFile(dir: string, name: string, fix: string): string {
  for (const candidate of [name, `${name}.gz`]) {
    const p = join(dir, candidate);
    if (existsSync(p)) return p;
  }
  throw new Error(`${join(dir, name)}: file not found (nor ${name}.gz); ${fix}`);
}

/** Reads `path` (gunzipping a .gz), then checks the raw bytes against `sha256`. */
export function readDataFile(path: string, sha256: string | null, fix: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'}); ${fix}`);
  }
  if (path.endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new Error(`${path}: cannot gunzip (truncated or corrupt); ${fix}`);
    }
  }
  if (sha256 !== null) {
    const got = sha256Hex(bytes);
    if (got !== sha256) {
      const what = path.endsWith('.gz') ? 'the uncompressed content' : 'the file';
      throw new Error(`${path}: SHA-256 mismatch, ${what} is truncated, corrupt or not the official file (got ${got.slice(0, 12)}…, want ${sha256.slice(0, 12)}…); ${fix}`);
    }
  }
  return bytes;
}

/** locateDataFile + readDataFile for one expected file. */
export function readExpectedFile(dir: string, file: ExpectedFile, fix: string): Uint8Array {
  return readDataFile(locateDataFile(dir, file.name, fix), file.sha256, fix);
}
