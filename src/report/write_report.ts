// `snip report`: run folders → one Markdown page (report.md) with tables and PNG plots.
import { join, relative } from 'node:path';
import { ensureDir, writeFileAtomic } from '../io/atomic.js';
import { writeChartPng, type ChartSpec } from '../util/chart_png.js';
import { loadRuns } from './load_results.js';
import { errorChart, layerChart, lossChart, MAX_BARS_RUNS } from './plots.js';
import { layerTables, runsTable } from './tables.js';

export const REPORT_FILE = 'report.md';

/** Writes report.md and its PNGs into `out`; returns the files written (relative to out). */
export async function writeReport(paths: string[], out: string): Promise<string[]> {
  const runs = loadRuns(paths);
  ensureDir(out);
  const files: string[] = [];
  const figure = async (name: string, caption: string, spec: ChartSpec | null): Promise<string[]> => {
    if (!spec) return [];
    await writeChartPng(join(out, name), spec);
    files.push(name);
    return [`![${caption}](${name})`, ''];
  };
  const trained = runs.filter((r) => r.summary.training).length;
  const bars = layerChart(runs);
  const lines = [
    '# Report', '',
    `${runs.length} runs (${trained} trained) from ${paths.map((p) => `\`${p}\``).join(', ')}. Test error is that of the best-validation weights.`, '',
    '## Runs', '', runsTable(runs), '',
    '## Plots', '',
    ...(await figure('test-error.png', 'test error against remaining weights', errorChart(runs))),
    ...(await figure('training-loss.png', 'training loss', lossChart(runs))),
    ...(await figure('layer-density.png', 'kept fraction per layer', bars)),
  ];
  if (!bars) lines.push(`(no per-layer bar chart: more than ${MAX_BARS_RUNS} runs of one model; see the table below)`, '');
  lines.push('## Kept fraction per layer', '', layerTables(runs), '', '## Run folders', '',
    ...runs.map((r) => `- ${r.name}: \`${relative(out, r.path) || '.'}\``));
  writeFileAtomic(join(out, REPORT_FILE), `${lines.join('\n')}\n`);
  return [REPORT_FILE, ...files];
}
