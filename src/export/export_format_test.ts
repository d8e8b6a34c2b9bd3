import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { useCpu } from '../../test/helpers/cpu.js';
import { modelTensors } from '../experiments/checkpoint.js';
import { encodeSafetensors, decodeSafetensors } from '../io/safetensors.js';
import { prunableWeights } from '../masks/prunable.js';
import { getModel } from '../models/registry.js';
import { makeRng } from '../util/rng.js';
import { decodeExport, encodeExport, type ExportContents, type ExportSpec } from './export_format.js';
import { exportSparse } from './export_model.js';
import { modelFromExport } from './load_export.js';

before(useCpu);

const spec: ExportSpec = {
  model: 'lenet5-caffe', init: 'vs-h', seed: 3, dataset: 'mnist', inputShape: [28, 28, 1], numClasses: 10, valFraction: 0.1, weights: 'best',
};
// Per-kernel densities that exercise every coding: bitmap, varint gaps, and a full mask (dense).
const DENSITY: Record<string, number> = { 'conv1/kernel': 0.6, 'conv2/kernel': 0.2, 'fc3/kernel': 0.01, 'fc4/kernel': 1 };

/** A randomly initialised LeNet-5 with random masks applied, as the export sees it. */
function maskedModel(): { model: LayersModel; contents: ExportContents } {
  const model = getModel(spec.model).build({ init: 'vs-h', seed: 7, inputShape: spec.inputShape, numClasses: spec.numClasses });
  const rng = makeRng(11);
  const masks = new Map<string, Uint8Array>();
  for (const w of prunableWeights(model)) {
    const mask = Uint8Array.from({ length: w.variable.size }, () => (rng() < DENSITY[w.key] ? 1 : 0));
    masks.set(w.key, mask);
    tf.tidy(() => w.variable.assign(tf.mul(w.variable, tf.tensor(Float32Array.from(mask), w.variable.shape))));
  }
  const weights = new Map(Object.entries(modelTensors(model)).map(([k, t]) => [k, { shape: t.shape, data: Float32Array.from(t.data as Float32Array) }]));
  return { model, contents: { spec, weights, masks } };
}

function predictions(model: LayersModel): Float32Array {
  const x = tf.randomNormal([8, ...spec.inputShape], 0, 1, 'float32', 5);
  const y = model.predict(x) as tf.Tensor;
  const out = y.dataSync() as Float32Array;
  tf.dispose([x, y]);
  return out;
}

test('sparse fp32 round trip: identical weights, masks and predictions', () => {
  const { model, contents } = maskedModel();
  const bytes = encodeExport(contents, 'sparse', 'fp32');
  const decoded = decodeExport(bytes, 'm.safetensors');
  assert.deepEqual(decoded.spec, spec);
  assert.deepEqual(Object.fromEntries(Object.entries(decoded.layout).map(([k, l]) => [k, l.coding])), {
    'conv1/kernel': 'bitmap', 'conv2/kernel': 'bitmap', 'fc3/kernel': 'gaps', 'fc4/kernel': 'dense',
    'conv1/bias': 'dense', 'conv2/bias': 'dense', 'fc3/bias': 'dense', 'fc4/bias': 'dense',
  });
  const loaded = modelFromExport(decoded, 'm.safetensors');
  // Bit for bit, except that a pruned weight (-0 after masking a negative one) comes back as +0.
  const plusZero = (a: Float32Array) => a.map((v) => (v === 0 ? 0 : v));
  for (const [k, w] of contents.weights) assert.deepEqual(decoded.weights.get(k)!.data, plusZero(w.data), k);
  assert.deepEqual([...loaded.masks.keys()].sort(), ['conv1/kernel', 'conv2/kernel', 'fc3/kernel'], 'a full mask is stored dense');
  for (const [k, m] of loaded.masks) assert.deepEqual(Uint8Array.from(m.dataSync()), contents.masks.get(k), k);
  assert.deepEqual(predictions(loaded.model), predictions(model));
  assert.ok(bytes.length < encodeExport(contents, 'dense', 'fp32').length / 3, 'sparse is much smaller than dense');
  const maskSet = new Map([...contents.masks].map(([k, m]) => [k, tf.tensor(Float32Array.from(m), contents.weights.get(k)!.shape)]));
  assert.deepEqual(exportSparse(model, maskSet, spec), bytes, 'the in-memory model exports to the same bytes');
  tf.dispose([...maskSet.values()]);
  model.dispose();
  loaded.model.dispose();
  tf.dispose([...loaded.masks.values()]);
});

test('fp16: each weight within half a half-precision step, predictions close, about half the size', () => {
  const { model, contents } = maskedModel();
  const bytes = encodeExport(contents, 'sparse', 'fp16');
  const decoded = decodeExport(bytes, 'h.safetensors');
  for (const [k, w] of contents.weights) {
    const got = decoded.weights.get(k)!.data;
    w.data.forEach((v, i) => assert.ok(Math.abs(got[i] - v) <= Math.max(Math.abs(v) * 2 ** -11, 2 ** -25), `${k}[${i}]: ${v} → ${got[i]}`));
  }
  const loaded = modelFromExport(decoded, 'h.safetensors');
  const [a, b] = [predictions(model), predictions(loaded.model)];
  const scale = Math.max(...a.map(Math.abs));
  a.forEach((v, i) => assert.ok(Math.abs(b[i] - v) <= 1e-2 * scale, `logit ${i}: ${v} vs ${b[i]}`));
  assert.ok(bytes.length < 0.65 * encodeExport(contents, 'sparse', 'fp32').length);
  model.dispose();
  loaded.model.dispose();
  tf.dispose([...loaded.masks.values()]);
});

test('truncated, corrupted, foreign and future-version files are refused with one line', () => {
  const { model, contents } = maskedModel();
  model.dispose();
  const bytes = encodeExport(contents, 'sparse', 'fp32');
  const refuse = (b: Uint8Array, pattern: RegExp) => assert.throws(() => decodeExport(b, 'f.safetensors'), (e: Error) => {
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes('\n'), 'one line');
    return true;
  });
  refuse(bytes.subarray(0, bytes.length - 100), /f.safetensors: .*truncated/);
  refuse(bytes.subarray(0, 4), /truncated/);
  const flipped = Uint8Array.from(bytes);
  flipped[flipped.length - 5000] ^= 0x40;
  refuse(flipped, /checksum mismatch/);
  const { tensors, metadata } = decodeSafetensors(bytes);
  refuse(encodeSafetensors(tensors, { ...metadata, version: '2' }), /version 2 is not supported; this snip reads version 1/);
  refuse(encodeSafetensors(tensors, { ...metadata, format: 'other' }), /not a snip-export file/);
  refuse(encodeSafetensors(tensors), /not a snip-export file/);
  const layout = JSON.parse(metadata.layout);
  layout['fc3/kernel'].kept += 1;
  refuse(encodeSafetensors(tensors, { ...metadata, layout: JSON.stringify(layout) }), /fc3\/kernel\.values' is F32\[\d+\], expected F32\[\d+\]/);
});
