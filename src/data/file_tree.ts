// Read access to a data set's folder tree, whether it is unpacked on disk or inside a .tar.gz,
// so loaders of many small files (Tiny-ImageNet) read both the same way.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readTar } from '../io/tar.js';

export interface FileTree {
  /** The folder or archive (with the root inside it), for error messages. */
  readonly source: string;
  /** The bytes of `rel` (a '/'-separated path below the root); undefined when there is no such file. */
  read(rel: string): Uint8Array | undefined;
  /** The names of the files directly in folder `rel`, sorted; undefined when there is no such folder. */
  list(rel: string): string[] | undefined;
}

/** The tree rooted at folder `root`. */
export function folderTree(root: string): FileTree {
  return {
    source: root,
    read: (rel) => {
      const p = join(root, rel);
      return existsSync(p) && statSync(p).isFile() ? readFileSync(p) : undefined;
    },
    list: (rel) => {
      const p = join(root, rel);
      if (!existsSync(p) || !statSync(p).isDirectory()) return undefined;
      return readdirSync(p, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();
    },
  };
}

/**
 * The tree inside a .tar.gz, rooted at the folder that holds `marker` (the shallowest such
 * file, e.g. tiny-imagenet-200/wnids.txt). The archive is unpacked in memory.
 */
export function archiveTree(archive: string, marker: string, fix: string): FileTree {
  let tar: Uint8Array;
  try {
    tar = gunzipSync(readFileSync(archive));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'cannot gunzip, truncated or corrupt';
    throw new Error(`${archive}: ${why}; ${fix}`);
  }
  let entries: Map<string, Uint8Array>;
  try {
    entries = readTar(tar, archive);
  } catch (err) {
    throw new Error(`${(err as Error).message}; ${fix}`);
  }
  const markers = [...entries.keys()].filter((k) => k === marker || k.endsWith(`/${marker}`));
  if (markers.length === 0) throw new Error(`${archive}: no ${marker} inside the archive; ${fix}`);
  const prefix = markers.sort((a, b) => a.length - b.length)[0].slice(0, -marker.length);
  const folders = new Map<string, string[]>(); // folder below the root → its file names
  for (const name of entries.keys()) {
    if (!name.startsWith(prefix)) continue;
    const rel = name.slice(prefix.length);
    const dir = posix.dirname(rel);
    const files = folders.get(dir) ?? [];
    files.push(posix.basename(rel));
    folders.set(dir, files);
  }
  for (const files of folders.values()) files.sort();
  // A folder that holds only sub-folders has no entry of its own; list it as empty.
  for (const dir of [...folders.keys()]) for (let d = posix.dirname(dir); d !== '.' && d !== '/' && !folders.has(d); d = posix.dirname(d)) folders.set(d, []);
  return {
    source: prefix === '' ? archive : `${archive}:${prefix.slice(0, -1)}`,
    read: (rel) => entries.get(prefix + rel),
    list: (rel) => folders.get(rel === '' ? '.' : rel.replace(/\/$/, '')),
  };
}

/** Whether `path` names a gzipped tar archive (by its extension). */
export function isTarGz(path: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(path);
}

