// A labelled grid of small grey images as PNG: pixels drawn with pngjs, labels as SVG text,
// the whole rendered by resvg.
import { PNG } from 'pngjs';
import { svgToPng } from './chart_png.js';

export interface ImageGrid {
  title: string;
  rowLabels: string[];
  colLabels: string[];
  height: number; // of one image, in pixels
  width: number;
  cells: Float32Array[][]; // [row][col], values in [0, 1] (1 = white)
}

const SCALE = 4; // each data pixel becomes SCALE × SCALE
const GAP = 6;
const LEFT = 110;
const TOP = 56;

function pixels(g: ImageGrid): Buffer {
  const cw = g.width * SCALE;
  const ch = g.height * SCALE;
  const png = new PNG({ width: g.colLabels.length * (cw + GAP), height: g.rowLabels.length * (ch + GAP) });
  png.data.fill(255);
  g.cells.forEach((row, r) => row.forEach((cell, c) => {
    if (cell.length !== g.width * g.height) throw new Error(`image ${r},${c} has ${cell.length} values, not ${g.width * g.height}`);
    for (let y = 0; y < ch; y++) {
      for (let x = 0; x < cw; x++) {
        const v = Math.round(255 * Math.min(1, Math.max(0, cell[Math.floor(y / SCALE) * g.width + Math.floor(x / SCALE)])));
        const o = ((r * (ch + GAP) + y) * png.width + c * (cw + GAP) + x) * 4;
        png.data[o] = v; png.data[o + 1] = v; png.data[o + 2] = v; png.data[o + 3] = 255;
      }
    }
  }));
  return PNG.sync.write(png);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The grid as PNG bytes, with a title, row labels on the left and column labels on top. */
export function imageGridPng(g: ImageGrid): Buffer {
  const img = pixels(g);
  const cw = g.width * SCALE + GAP;
  const ch = g.height * SCALE + GAP;
  const w = LEFT + g.colLabels.length * cw;
  const h = TOP + g.rowLabels.length * ch;
  const text = (x: number, y: number, s: string, size: number, anchor: string) =>
    `<text x="${x}" y="${y}" font-family="DejaVu Sans" font-size="${size}" text-anchor="${anchor}">${esc(s)}</text>`;
  const svg = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">`,
    `<rect width="${w}" height="${h}" fill="white"/>`, text(6, 20, g.title, 15, 'start'),
    ...g.colLabels.map((l, c) => text(LEFT + c * cw + (cw - GAP) / 2, TOP - 8, l, 11, 'middle')),
    ...g.rowLabels.map((l, r) => text(LEFT - 8, TOP + r * ch + (ch - GAP) / 2 + 4, l, 12, 'end')),
    `<image x="${LEFT}" y="${TOP}" width="${g.colLabels.length * cw}" height="${g.rowLabels.length * ch}" image-rendering="optimizeSpeed" href="data:image/png;base64,${img.toString('base64')}"/>`,
    '</svg>'].join('\n');
  return svgToPng(svg, 1);
}
