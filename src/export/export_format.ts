/**
 * The snip export format, version 1: a trained (pruned) model in one safetensors file.
 *
 * `__metadata__` (all values strings, as safetensors requires):
 *   format   "snip-export"
 *   version  "1" (a reader refuses any other)
 *   dtype    "fp32" | "fp16": the type of every stored weight value (F32 or F16 tensors)
 *   spec     JSON {model, init, seed, dataset, inputShape, numClasses, valFraction, weights}:
 *            enough to rebuild the graph from the model registry and to load and normalise the
 *            data set the way training did (its hold-out split depends on seed and valFraction)
 *   layout   JSON {<weight>: {shape, coding, kept}} for every weight of the model;
 *            coding is "dense", "bitmap" or "gaps" (see sparse_index.ts), kept the stored count
 *   sha256   hex SHA-256 of the tensors' bytes in layout order (values, then index)
 * Tensors, per weight (names as tfjs-layers gives them, e.g. "conv1/kernel"):
 *   coding "dense":           "<weight>" F32|F16 of the weight's shape, row-major
 *   coding "bitmap" | "gaps": "<weight>.values" F32|F16 [kept]: the kept weights in row-major
 *                             order; "<weight>.index" U8: where they sit (sparse_index.ts)
 * A pruned weight (its mask keeps fewer than all) is stored sparse, so the mask survives
 * exactly; everything else (biases, batch norm, unpruned kernels) is stored dense. Pruned
 * positions decode to +0; kept values come back bit for bit in fp32.
 */
import { sha256Hex } from '../io/checksum.js';
import { fromHalf, toHalf } from '../io/float16.js';
import { decodeSafetensors, encodeSafetensors, type SafeTensor, type TensorMap } from '../io/safetensors.js';
import { decodeIndex, encodeIndex, keptPositions, INDEX_CODINGS, type IndexCoding } from './sparse_index.js';

export const EXPORT_FORMAT = 'snip-export';
export const EXPORT_VERSION = 1;
export const VALUE_DTYPES = ['fp32', 'fp16'] as const;
export type ValueDtype = (typeof VALUE_DTYPES)[number];
export const EXPORT_LAYOUTS = ['sparse', 'dense'] as const;
export type ExportLayout = (typeof EXPORT_LAYOUTS)[number];

export interface ExportSpec {
  model: string; // models/registry.ts key
  init: string;
  seed: number;
  dataset: string; // data/registry.ts key the model was trained on
  inputShape: number[];
  numClasses: number;
  valFraction: number;
  weights: string; // which weights of the run: 'best' or 'final'
}

/** A weight as a flat row-major float32 array with its shape. */
export interface DenseWeight {
  shape: number[];
  data: Float32Array;
}

export interface TensorLayout {
  shape: number[];
  coding: 'dense' | IndexCoding;
  kept: number;
}

export interface ExportContents {
  spec: ExportSpec;
  weights: Map<string, DenseWeight>; // every weight of the model
  masks: Map<string, Uint8Array>; // 0/1 per prunable weight, same length as the weight
}

export interface DecodedExport extends ExportContents {
  dtype: ValueDtype;
  layout: Record<string, TensorLayout>;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function storeValues(data: Float32Array, dtype: ValueDtype): SafeTensor {
  return dtype === 'fp16' ? { dtype: 'F16', shape: [data.length], data: toHalf(data) } : { dtype: 'F32', shape: [data.length], data };
}

/** Serialises a model's weights (and masks, for `sparse`) to the format above. */
export function encodeExport(c: ExportContents, layoutKind: ExportLayout, dtype: ValueDtype): Uint8Array {
  const tensors: TensorMap = {};
  const layout: Record<string, TensorLayout> = {};
  const digestParts: Uint8Array[] = [];
  const add = (name: string, t: SafeTensor) => {
    tensors[name] = t;
    digestParts.push(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  };
  for (const [name, w] of c.weights) {
    if (w.data.length !== size(w.shape)) throw new Error(`export: '${name}' has ${w.data.length} values for shape [${w.shape}]`);
    const mask = layoutKind === 'sparse' ? c.masks.get(name) : undefined;
    if (mask && mask.length !== w.data.length) throw new Error(`export: the mask of '${name}' has ${mask.length} entries, the weight ${w.data.length}`);
    const positions = mask ? keptPositions(mask) : null;
    if (positions === null || positions.length === w.data.length) {
      add(name, { ...storeValues(w.data, dtype), shape: w.shape });
      layout[name] = { shape: w.shape, coding: 'dense', kept: w.data.length };
      continue;
    }
    const index = encodeIndex(positions, w.data.length);
    add(`${name}.values`, storeValues(Float32Array.from(positions, (p) => w.data[p]), dtype));
    add(`${name}.index`, { dtype: 'U8', shape: [index.bytes.length], data: index.bytes });
    layout[name] = { shape: w.shape, coding: index.coding, kept: positions.length };
  }
  return encodeSafetensors(tensors, {
    format: EXPORT_FORMAT, version: String(EXPORT_VERSION), dtype,
    spec: JSON.stringify(c.spec), layout: JSON.stringify(layout), sha256: sha256Hex(concat(digestParts)),
  });
}

/** Parses and verifies an export; every error is one line naming `source`. */
export function decodeExport(bytes: Uint8Array, source: string): DecodedExport {
  const fail = (msg: string): never => { throw new Error(`${source}: ${msg}`); };
  const { tensors, metadata } = decodeSafetensors(bytes, source);
  if (metadata.format !== EXPORT_FORMAT) fail(`not a ${EXPORT_FORMAT} file (metadata format is ${JSON.stringify(metadata.format ?? null)}); write one with \`snip export RUN\``);
  if (metadata.version !== String(EXPORT_VERSION)) fail(`${EXPORT_FORMAT} version ${metadata.version} is not supported; this snip reads version ${EXPORT_VERSION}`);
  const dtype = metadata.dtype as ValueDtype;
  if (!VALUE_DTYPES.includes(dtype)) fail(`unknown value dtype ${JSON.stringify(metadata.dtype)}; valid: ${VALUE_DTYPES.join(', ')}`);
  const spec = parseJson(metadata.spec, 'spec', fail) as ExportSpec;
  checkSpec(spec, fail);
  const layout = parseJson(metadata.layout, 'layout', fail) as Record<string, TensorLayout>;
  // First the layout against the stored tensors and the checksum, so a flipped bit is reported
  // as corruption rather than as whatever it happens to break.
  const stored = dtype === 'fp16' ? 'F16' : 'F32';
  const parts: { name: string; want: string; length: number }[] = [];
  for (const [name, l] of Object.entries(layout)) {
    if (!Array.isArray(l.shape) || !l.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) fail(`layout of '${name}' has a bad shape`);
    const n = size(l.shape);
    if (!Number.isSafeInteger(l.kept) || l.kept < 0 || l.kept > n) fail(`layout of '${name}' keeps ${l.kept} of ${n}`);
    if (l.coding === 'dense') { parts.push({ name, want: stored, length: n }); continue; }
    if (!INDEX_CODINGS.includes(l.coding)) fail(`layout of '${name}' has unknown coding ${JSON.stringify(l.coding)}`);
    parts.push({ name: `${name}.values`, want: stored, length: l.kept }, { name: `${name}.index`, want: 'U8', length: tensors[`${name}.index`]?.data.length ?? 0 });
  }
  const used = new Set(parts.map((p) => p.name));
  const extra = Object.keys(tensors).find((k) => !used.has(k));
  if (extra !== undefined) fail(`tensor '${extra}' is not in the layout`);
  for (const p of parts) {
    const t = tensors[p.name];
    if (!t) fail(`tensor '${p.name}' is missing`);
    if (t.dtype !== p.want || t.data.length !== p.length) fail(`tensor '${p.name}' is ${t.dtype}[${t.data.length}], expected ${p.want}[${p.length}]`);
  }
  const digest = sha256Hex(concat(parts.map((p) => { const d = tensors[p.name].data; return new Uint8Array(d.buffer, d.byteOffset, d.byteLength); })));
  if (digest !== metadata.sha256) fail('checksum mismatch: the file is corrupt');

  const values = (name: string) => {
    const d = tensors[name].data;
    return dtype === 'fp16' ? fromHalf(d as Uint16Array) : (d as Float32Array);
  };
  const weights = new Map<string, DenseWeight>();
  const masks = new Map<string, Uint8Array>();
  for (const [name, l] of Object.entries(layout)) {
    if (l.coding === 'dense') {
      weights.set(name, { shape: l.shape, data: values(name) });
      continue;
    }
    const kept = values(`${name}.values`);
    const index = { coding: l.coding, bytes: tensors[`${name}.index`].data as Uint8Array };
    const positions = decodeIndex(index, size(l.shape), l.kept, `${source}: '${name}'`);
    const data = new Float32Array(size(l.shape));
    const mask = new Uint8Array(data.length);
    positions.forEach((p, i) => { data[p] = kept[i]; mask[p] = 1; });
    weights.set(name, { shape: l.shape, data });
    masks.set(name, mask);
  }
  return { spec, weights, masks, dtype, layout };
}

function parseJson(text: string | undefined, key: string, fail: (msg: string) => never): unknown {
  if (text === undefined) fail(`metadata '${key}' is missing`);
  try {
    const v: unknown = JSON.parse(text!);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error();
    return v;
  } catch {
    return fail(`metadata '${key}' is not a JSON object`);
  }
}

function checkSpec(s: ExportSpec, fail: (msg: string) => never): void {
  const strings = ['model', 'init', 'dataset', 'weights'] as const;
  for (const k of strings) if (typeof s[k] !== 'string') fail(`spec.${k} is not a string`);
  if (!Number.isInteger(s.seed) || !Number.isInteger(s.numClasses) || typeof s.valFraction !== 'number') fail('spec.seed, numClasses or valFraction is malformed');
  if (!Array.isArray(s.inputShape) || !s.inputShape.every((d) => Number.isInteger(d) && d > 0)) fail('spec.inputShape is malformed');
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
