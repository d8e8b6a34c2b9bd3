// Charts as PNG files, headless: a Vega-Lite spec → Vega → SVG → resvg (no browser, no canvas).
import { createRequire } from 'node:module';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../io/atomic.js';

export type ChartSpec = TopLevelSpec;

const FONT = 'DejaVu Sans, sans-serif';

// Loaded on first use: the single-file CLI bundle (scripts/device/pack.sh) leaves this native
// module out and carries it beside the bundle; without it only plotting fails.
let resvgClass: typeof ResvgClass | undefined;
function loadResvg(): typeof ResvgClass {
  resvgClass ??= (createRequire(import.meta.url)('@resvg/resvg-js') as { Resvg: typeof ResvgClass }).Resvg;
  return resvgClass;
}

/** Renders an SVG string to PNG bytes at `zoom` × its size, on a white background. */
export function svgToPng(svg: string, zoom = 2): Buffer {
  const resvg = new (loadResvg())(svg, {
    background: 'white', fitTo: { mode: 'zoom', value: zoom },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

/** The SVG of a Vega-Lite chart, with readable fonts. */
export async function chartSvg(spec: ChartSpec): Promise<string> {
  const config = { font: FONT, axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12 }, ...spec.config };
  const view = new vega.View(vega.parse(compile({ ...spec, config } as TopLevelSpec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Writes a Vega-Lite chart to `path` as PNG. */
export async function writeChartPng(path: string, spec: ChartSpec): Promise<void> {
  writeFileAtomic(path, svgToPng(await chartSvg(spec)));
}
