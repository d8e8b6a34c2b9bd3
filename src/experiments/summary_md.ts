// summary.md: the run at a glance, for people.
import type { RunConfig } from './config.js';
import type { RunDir } from './run_dir.js';
import type { PruneSummary } from './singleshot.js';
import type { TrainingSummary } from './train_run.js';
import { lrText } from '../train/lr_schedule.js';

type RunSummary = PruneSummary & { training?: TrainingSummary };

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

export function layerTable(s: RunSummary): string {
  const rows = s.layers.map((l) => `| ${l.name} | [${l.shape.join('×')}] | ${l.kept.toLocaleString('en')} | ${l.total.toLocaleString('en')} | ${pct(l.kept / l.total)} |`);
  return ['| weight | shape | kept | total | kept % |', '|---|---|---:|---:|---:|', ...rows,
    `| **all** | | **${s.kept.toLocaleString('en')}** | **${s.prunable.toLocaleString('en')}** | **${pct(s.kept / s.prunable)}** |`].join('\n');
}

export function writeSummaryMarkdown(dir: RunDir, config: RunConfig, s: RunSummary): void {
  const lines = [
    `# ${s.model} on ${s.dataset}, ${s.sparsity === null ? 'dense reference' : `${s.criterion} at ${pct(s.sparsity)} sparsity (${s.scope})`}`,
    '',
    `seed ${s.seed}, init ${s.init}, backend ${s.backend}, scoring batch ${s.scoreBatchSize} × ${s.scoreBatches}${s.scoreSampling === 'balanced' ? ' (class-balanced)' : ''}, scoring took ${s.scoreSeconds.toFixed(2)} s`,
    '',
    layerTable(s),
  ];
  if (s.collapsed.length > 0) lines.push('', `**Layer collapse:** ${s.collapsed.join(', ')}`);
  if ((s.classesWithoutWeights ?? 0) > 0) lines.push('', `**Classes cut off:** ${s.classesWithoutWeights} classes kept no classifier weight`);
  if (s.training) {
    const t = s.training;
    lines.push('', '## Training', '',
      `${t.iterations} iterations, batch ${config.batchSize}, ${lrText(config)}, momentum ${config.momentum}, weight decay ${config.weightDecay}`,
      '', '| best val error (iteration) | test error | wall time | examples/s |', '|---:|---:|---:|---:|',
      `| ${pct(t.bestValError)} (${t.bestIteration}) | ${pct(t.testError)} | ${t.wallSeconds.toFixed(1)} s | ${t.examplesPerSecond.toFixed(0)} |`);
  }
  dir.writeText('summaryMd', `${lines.join('\n')}\n`);
}
