// Markdown tables of a report: one row per run, and the kept fraction of every layer.
import type { LoadedRun, MetricPoint } from './load_results.js';

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/** Training iterations averaged for the end-of-training loss and accuracy (one logged batch is noisy). */
export const FINAL_TRAINING_WINDOW = 500;

/** Mean training loss and accuracy of the batches logged in the last FINAL_TRAINING_WINDOW iterations:
 *  beside the test error, it tells a net that underfits (high) from one that overfits (near 0). */
export function finalTraining(metrics: MetricPoint[]): { loss: number; accuracy?: number } | undefined {
  const train = metrics.filter((m) => m.kind === 'train' && m.loss !== undefined);
  if (train.length === 0) return undefined;
  const last = train[train.length - 1].iteration;
  const window = train.filter((m) => m.iteration > last - FINAL_TRAINING_WINDOW);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const accuracies = window.flatMap((m) => (m.accuracy === undefined ? [] : [m.accuracy]));
  return { loss: mean(window.map((m) => m.loss!)), accuracy: accuracies.length === window.length ? mean(accuracies) : undefined };
}

function finalTrainingText(metrics: MetricPoint[]): string {
  const f = finalTraining(metrics);
  return f === undefined ? '' : `${f.loss.toFixed(2)}${f.accuracy === undefined ? '' : ` / ${(100 * f.accuracy).toFixed(1)}%`}`;
}

export function runsTable(runs: LoadedRun[]): string {
  const rows = runs.map(({ name, summary: s, metrics }) => {
    const t = s.training;
    const what = s.sparsity === null ? 'dense' : `${s.criterion} (${s.scope})`;
    return `| ${name} | ${s.model} | ${s.dataset}${s.labels === 'shuffled' ? ' (shuffled labels)' : ''} | ${what} | ${s.sparsity === null ? '0' : pct(s.sparsity)} `
      + `| ${s.kept.toLocaleString('en')} / ${s.prunable.toLocaleString('en')} | ${t ? pct(t.testError) : 'not trained'} `
      + `| ${t ? `${pct(t.bestValError)} (${t.bestIteration})` : ''} | ${t?.iterations ?? ''} | ${finalTrainingText(metrics)} | ${s.seed} | ${s.collapsed.length > 0 ? s.collapsed.join(', ') : ''} |`;
  });
  return [`| run | model | data | criterion | sparsity | kept / prunable | test error | best val error (iteration) | iterations | training loss / accuracy, last ${FINAL_TRAINING_WINDOW} iterations | seed | collapsed layers |`,
    '|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|', ...rows].join('\n');
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
