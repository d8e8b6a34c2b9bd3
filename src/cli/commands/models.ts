// `snip models`: every model with its prunable and total parameters and forward FLOPs.
import type { Command } from 'commander';
import { datasets, getDataset } from '../../data/registry.js';
import { prunableWeights } from '../../masks/prunable.js';
import { forwardFlops } from '../../models/flops.js';
import { models } from '../../models/registry.js';
import { selectBackend } from '../../../backends/registry.js';

export interface ModelRow {
  name: string;
  dataset: string;
  prunable: number;
  total: number;
  flops: number;
  description: string;
}

/** Every model on its default data set, or, given `dataset`, the models meant for that one, built for it. */
export function modelRows(dataset?: string): ModelRow[] {
  const specs = Object.values(models).filter((spec) => dataset === undefined || spec.datasets.includes(dataset));
  if (dataset !== undefined) getDataset(dataset); // an unknown name lists the valid ones
  return specs.map((spec) => {
    const data = datasets[dataset ?? spec.datasets[0]];
    const model = spec.build({ init: 'vs-h', seed: 0, inputShape: data.inputShape, numClasses: data.numClasses });
    const row = {
      name: spec.name, dataset: data.name,
      prunable: prunableWeights(model).reduce((a, w) => a + w.variable.size, 0),
      total: model.countParams(), flops: forwardFlops(model), description: spec.description,
    };
    model.dispose();
    return row;
  });
}

export function addModelsCommand(program: Command): void {
  program.command('models').description('list the models with their prunable and total parameters and forward FLOPs per example')
    .option('--dataset <name>', `only the models meant for this data set, built for its input size and classes (${Object.keys(datasets).join(', ')})`)
    .option('--json', 'print [{name, dataset, prunable, total, flops, description}] as JSON')
    .action(async (flags: { json?: boolean; dataset?: string }) => {
      await selectBackend('cpu', () => {});
      const rows = modelRows(flags.dataset);
      if (flags.json) { console.log(JSON.stringify(rows, null, 2)); return; }
      const table = [['model', 'dataset', 'prunable', 'total', 'forward MFLOPs', 'description'],
        ...rows.map((r) => [r.name, r.dataset, r.prunable.toLocaleString('en'), r.total.toLocaleString('en'), (r.flops / 1e6).toFixed(2), r.description])];
      const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
      const cell = (c: string, i: number) => (i < 2 ? c.padEnd(widths[i]) : i < 5 ? c.padStart(widths[i]) : c);
      for (const r of table) console.log(r.map(cell).join('  '));
    });
}
