import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromHalf, fromHalfBits, toHalf, toHalfBits } from './float16.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** The float32 one unit in the last place away from positive `x` (dir ±1). */
function f32Step(x: number, dir: 1 | -1): number {
  f32[0] = x;
  u32[0] += dir;
  return f32[0];
}

test('every half survives half → float32 → half, and decodes to the IEEE value', () => {
  for (let h = 0; h < 0x10000; h++) {
    const x = fromHalfBits(h);
    if (Number.isNaN(x)) { assert.ok(Number.isNaN(fromHalfBits(toHalfBits(x))), `NaN ${h.toString(16)}`); continue; }
    assert.equal(toHalfBits(x), h, `0x${h.toString(16)} → ${x}`);
  }
  assert.equal(fromHalfBits(0x3c00), 1);
  assert.equal(fromHalfBits(0x7bff), 65504); // largest finite
  assert.equal(fromHalfBits(0x0001), 2 ** -24); // smallest subnormal
  assert.equal(fromHalfBits(0x0400), 2 ** -14); // smallest normal
  assert.equal(fromHalfBits(0xfc00), -Infinity);
  assert.ok(Object.is(fromHalfBits(0x8000), -0));
});

test('float32 → half rounds to nearest, ties to even, across subnormals, normals and overflow', () => {
  // Between each pair of neighbouring finite halves (a, a + 1): the midpoint goes to the even one,
  // anything a float32 step off the midpoint goes to the nearer one.
  for (let a = 0; a < 0x7bff; a++) {
    const lo = fromHalfBits(a);
    const hi = fromHalfBits(a + 1);
    const mid = (lo + hi) / 2; // exact in float32 (12 significant bits)
    assert.equal(toHalfBits(mid), a % 2 === 0 ? a : a + 1, `tie between 0x${a.toString(16)} and its successor`);
    assert.equal(toHalfBits(f32Step(mid, -1)), a, `below the tie after 0x${a.toString(16)}`);
    assert.equal(toHalfBits(f32Step(mid, 1)), a + 1, `above the tie after 0x${a.toString(16)}`);
    assert.equal(toHalfBits(-mid), 0x8000 | (a % 2 === 0 ? a : a + 1), 'sign is symmetric');
  }
  assert.equal(toHalfBits(2 ** -25), 0x0000, 'half the smallest subnormal ties to +0');
  assert.equal(toHalfBits(f32Step(2 ** -25, 1)), 0x0001);
  assert.equal(toHalfBits(1e-30), 0x0000);
  assert.equal(toHalfBits(-1e-30), 0x8000);
  assert.equal(toHalfBits(1e-45), 0x0000, 'float32 subnormal');
  assert.equal(toHalfBits(65519.99), 0x7bff);
  assert.equal(toHalfBits(65520), 0x7c00, 'the tie above the largest half overflows to Infinity');
  assert.equal(toHalfBits(1e9), 0x7c00);
  assert.equal(toHalfBits(-Infinity), 0xfc00);
  assert.ok(Number.isNaN(fromHalfBits(toHalfBits(NaN))));
});

test('array conversion keeps relative error within 2^-11 in the normal range', () => {
  const x = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10 ** ((i % 8) - 4));
  const y = fromHalf(toHalf(x));
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i]) >= 2 ** -14) assert.ok(Math.abs(y[i] - x[i]) <= Math.abs(x[i]) * 2 ** -11, `${x[i]} → ${y[i]}`);
    else assert.ok(Math.abs(y[i] - x[i]) <= 2 ** -25, `${x[i]} → ${y[i]} (subnormal: absolute bound)`);
  }
});
