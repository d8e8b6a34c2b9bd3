import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { chartSvg, svgToPng } from './chart_png.js';
import { imageGridPng } from './image_grid.js';

test('a Vega-Lite chart renders headless to SVG and PNG', async () => {
  const svg = await chartSvg({ width: 100, height: 80, data: { values: [{ a: 1, b: 2 }, { a: 10, b: 3 }] }, mark: 'line',
    encoding: { x: { field: 'a', type: 'quantitative', scale: { type: 'log' } }, y: { field: 'b', type: 'quantitative' } } });
  assert.match(svg, /^<svg/);
  const png = PNG.sync.read(svgToPng(svg));
  assert.ok(png.width > 100 && png.height > 80);
});

test('an image grid places every cell: a white cell shows up white, a black one black', () => {
  const white = new Float32Array(4).fill(1);
  const black = new Float32Array(4).fill(0);
  const png = PNG.sync.read(imageGridPng({ title: 't', rowLabels: ['r'], colLabels: ['a', 'b'], height: 2, width: 2, cells: [[white, black]] }));
  const at = (x: number, y: number) => png.data[(y * png.width + x) * 4];
  // Layout: 110 px of row labels, 56 px of title and column labels, cells of 2·4 px plus a 6 px gap.
  assert.equal(at(112, 58), 255);
  assert.equal(at(110 + 14 + 2, 58), 0);
  assert.throws(() => imageGridPng({ title: 't', rowLabels: ['r'], colLabels: ['a'], height: 2, width: 2, cells: [[new Float32Array(3)]] }), /3 values/);
});
