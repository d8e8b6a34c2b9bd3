// Markdown tables of a report: one row per run, and the kept fraction of every layer.
import type { LoadedRun } from './load_results.js';

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

export function runsTable(runs: LoadedRun[]): string {
  const rows = runs.map(({ name, summary: s }) => {
    const t = s.training;
    const what = s.sparsity === null ? 'dense' : `${s.criterion} (${s.scope})`;
    return `| ${name} | ${s.model} | ${s.dataset}${s.labels === 'shuffled' ? ' (shuffled labels)' : ''} | ${what} | ${s.sparsity === null ? '0' : pct(s.sparsity)} `
      + `| ${s.kept.toLocaleString('en')} / ${s.prunable.toLocaleString('en')} | ${t ? pct(t.testError) : 'not trained'} `
      + `| ${t ? `${pct(t.bestValError)} (${t.bestIteration})` : ''} | ${t?.iterations ?? ''} | ${s.seed} | ${s.collapsed.length > 0 ? s.collapsed.join(', ') : ''} |`;
  });
  return ['| run | model | data | criterion | sparsity | kept / prunable | test error | best val error (iteration) | iterations | seed | collapsed layers |',
    '|---|---|---|---|---:|---:|---:|---:|---:|---:|---|', ...rows].join('\n');
}

/** Per model, the kept fraction of every prunable weight (columns) for every run (rows). */
export function layerTables(runs: LoadedRun[]): string {
  const out: string[] = [];
  for (const model of [...new Set(runs.map((r) => r.summary.model))]) {
    const mine = runs.filter((r) => r.summary.model === model);
    const layers = mine[0].summary.layers.map((l) => l.name);
    out.push(`### ${model}`, '', `| run | ${layers.map((l) => l.replace(/\/kernel$/, '')).join(' | ')} |`, `|---|${layers.map(() => '---:').join('|')}|`,
      ...mine.map((r) => `| ${r.name} | ${layers.map((name) => {
        const l = r.summary.layers.find((x) => x.name === name);
        return l ? (l.kept === 0 ? '**0**' : pct(l.kept / l.total)) : '';
      }).join(' | ')} |`), '');
  }
  return out.join('\n');
}
