// The standard tiny-imagenet-200/ layout (cs231n.stanford.edu/tiny-imagenet-200.zip):
//   wnids.txt                      200 WordNet ids, one a line: the class order
//   train/<wnid>/images/*.JPEG     500 images per class
//   val/images/*.JPEG              10,000 images, labelled by
//   val/val_annotations.txt        <file>\t<wnid>\t<bounding box>, one a line
// decoded to NHWC uint8 RGB (64x64x3). The labelled val split is our test set.
import type { FileTree } from './file_tree.js';
import { decodeJpegRgb } from './jpeg.js';
import type { RawSplit } from './split.js';

export const TINY_SIDE = 64;
export const TINY_CLASSES = 200;
const PIXELS = TINY_SIDE * TINY_SIDE * 3;

export interface TinyImagenetRaw {
  wnids: string[];
  train: RawSplit; // classes in wnids order, files sorted by name within a class
  test: RawSplit; // in the order of val_annotations.txt
}

export interface TinyReadOptions {
  /** Read at most this many images of each class from each split (tests, quick looks). */
  limitPerClass?: number;
}

function text(tree: FileTree, rel: string, fix: string): string {
  const bytes = tree.read(rel);
  if (bytes === undefined) throw new Error(`${tree.source}: ${rel} is missing; ${fix}`);
  return Buffer.from(bytes).toString('utf8');
}

function readWnids(tree: FileTree, fix: string): string[] {
  const wnids = text(tree, 'wnids.txt', fix).split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (wnids.length !== TINY_CLASSES) throw new Error(`${tree.source}: wnids.txt lists ${wnids.length} classes, expected ${TINY_CLASSES}; ${fix}`);
  if (new Set(wnids).size !== wnids.length) throw new Error(`${tree.source}: wnids.txt lists a class twice; ${fix}`);
  return wnids;
}

/** (file under the tree, label) pairs of the training split. */
function trainFiles(tree: FileTree, wnids: string[], limit: number, fix: string): [string, number][] {
  return wnids.flatMap((wnid, label) => {
    const dir = `train/${wnid}/images`;
    const names = tree.list(dir)?.filter((n) => /\.jpe?g$/i.test(n));
    if (names === undefined) throw new Error(`${tree.source}: class folder ${dir}/ is missing; ${fix}`);
    if (names.length === 0) throw new Error(`${tree.source}: class folder ${dir}/ holds no JPEG; ${fix}`);
    return names.slice(0, limit).map((n): [string, number] => [`${dir}/${n}`, label]);
  });
}

/** (file under the tree, label) pairs of the labelled val split, from val_annotations.txt. */
function valFiles(tree: FileTree, wnids: string[], limit: number, fix: string): [string, number][] {
  const labelOf = new Map(wnids.map((w, i) => [w, i]));
  const taken = new Array<number>(wnids.length).fill(0);
  const out: [string, number][] = [];
  const lines = text(tree, 'val/val_annotations.txt', fix).split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const [file, wnid] = line.split('\t');
    const label = labelOf.get(wnid);
    if (file === undefined || label === undefined) {
      throw new Error(`${tree.source}: val/val_annotations.txt line ${i + 1} names no class of wnids.txt ('${line.slice(0, 60)}'); ${fix}`);
    }
    if (taken[label]++ < limit) out.push([`val/images/${file}`, label]);
  });
  if (out.length === 0) throw new Error(`${tree.source}: val/val_annotations.txt lists no images; ${fix}`);
  return out;
}

function decodeAll(tree: FileTree, files: [string, number][], fix: string): RawSplit {
  const x = new Uint8Array(files.length * PIXELS);
  const y = new Uint8Array(files.length);
  files.forEach(([rel, label], i) => {
    const bytes = tree.read(rel);
    if (bytes === undefined) throw new Error(`${tree.source}: ${rel} is missing; ${fix}`);
    x.set(decodeJpegRgb(bytes, TINY_SIDE, TINY_SIDE, `${tree.source}: ${rel}`, fix), i * PIXELS);
    y[i] = label;
  });
  return { x, y, count: files.length };
}

/** Decodes the train and (labelled) val splits of the tree; every error is one line with `fix`. */
export function readTinyImagenet(tree: FileTree, fix: string, opts: TinyReadOptions = {}): TinyImagenetRaw {
  const limit = opts.limitPerClass ?? Infinity;
  if (!(limit >= 1)) throw new Error(`limitPerClass must be at least 1, got ${limit}`);
  const wnids = readWnids(tree, fix);
  const train = trainFiles(tree, wnids, limit, fix);
  const val = valFiles(tree, wnids, limit, fix);
  return { wnids, train: decodeAll(tree, train, fix), test: decodeAll(tree, val, fix) };
}
