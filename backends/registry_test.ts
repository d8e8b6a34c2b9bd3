import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_NAMES, listBackends, selectBackend, type BackendName } from './registry.js';

test('selecting cpu prints no "running TensorFlow.js in Node.js" banner', async () => {
  const warned: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warned.push(args.join(' '));
  try {
    await selectBackend('cpu', () => {});
    tf.tensor([1, 2]).dispose();
  } finally {
    console.warn = original;
  }
  assert.equal(warned.filter((w) => /running TensorFlow\.js in Node/.test(w)).length, 0);
});

test('listBackends reports every known backend; cpu and wasm are available', async () => {
  const all = await listBackends();
  assert.deepEqual(all.map((b) => b.name), [...BACKEND_NAMES]);
  for (const name of ['cpu', 'wasm']) assert.equal(all.find((b) => b.name === name)?.available, true, name);
  for (const b of all.filter((x) => !x.available)) assert.match(b.reason ?? '', /\S/, `${b.name} has a reason`);
});

test('selectBackend makes an explicit backend current', async () => {
  assert.equal(await selectBackend('wasm', () => {}), 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(await selectBackend('cpu', () => {}), 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
});

test("'auto' picks native, or says in one line why not and falls back to wasm", async () => {
  const lines: string[] = [];
  const chosen = await selectBackend('auto', (l) => lines.push(l));
  const native = (await listBackends()).find((b) => b.name === 'native')!;
  if (native.available) {
    assert.equal(chosen, 'native');
    assert.deepEqual(lines, []);
  } else {
    assert.equal(chosen, 'wasm');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /native backend unavailable \(.+\); falling back to wasm/);
  }
});

test('an unknown backend name is an error listing the valid names', async () => {
  await assert.rejects(selectBackend('gpu' as BackendName), /unknown backend 'gpu'; valid backends: native, wasm, cpu, torch, auto/);
});

test('an unavailable backend is an error naming the available ones', async () => {
  const missing = (await listBackends()).find((b) => !b.available);
  if (missing === undefined) return; // every backend is built here
  await assert.rejects(selectBackend(missing.name), new RegExp(`backend '${missing.name}' is unavailable: .+; available: .*wasm`));
});
