// Atomic file writes: data goes to a temporary file in the target's own directory, is
// fsynced, then renamed over the target, so a reader sees the old file or the new one, never half.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export type FileData = Uint8Array | string;

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function toBytes(data: FileData): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/** Creates `dir` and its parents if missing. */
export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

export async function ensureDirAsync(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}

/** Fsyncs a directory so a rename inside it survives a crash (best effort where unsupported). */
function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on directories; the rename itself is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes `data` to `path` atomically (temp file in the same directory + fsync + rename). */
export function writeFileAtomic(path: string, data: FileData): void {
  ensureDir(dirname(path));
  const tmp = tempPathFor(path);
  const bytes = toBytes(data);
  try {
    const fd = openSync(tmp, 'w', 0o644);
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(dirname(path));
}

/** Async variant of {@link writeFileAtomic}. */
export async function writeFileAtomicAsync(path: string, data: FileData): Promise<void> {
  await ensureDirAsync(dirname(path));
  const tmp = tempPathFor(path);
  try {
    const fh = await open(tmp, 'w', 0o644);
    try {
      await fh.writeFile(toBytes(data));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  fsyncDir(dirname(path));
}
