// `snip export RUN`: the trained model as one compact file (src/export/export_format.ts).
import { Option, type Command } from 'commander';
import { decodeExport, EXPORT_LAYOUTS, VALUE_DTYPES, type ExportLayout, type ValueDtype } from '../../export/export_format.js';
import { exportRunToFile, WEIGHT_CHOICES, type WeightChoice } from '../../export/export_run.js';

interface ExportFlags {
  format: ExportLayout;
  dtype: ValueDtype;
  weights: WeightChoice;
  out: string;
}

const bytes = (n: number) => `${n.toLocaleString('en')} B`;

export function addExportCommand(program: Command): void {
  program.command('export')
    .description('write a trained run\'s model as one file: kept weights + a compact index (sparse) or every weight (dense), fp32 or fp16')
    .argument('<run>', 'a run folder written by `snip train`')
    .addOption(new Option('--format <layout>', 'sparse: pruned weights as kept values + index; dense: every weight').choices(EXPORT_LAYOUTS).default('sparse'))
    .addOption(new Option('--dtype <dtype>', 'type of the stored weight values (fp16 rounds to nearest even)').choices(VALUE_DTYPES).default('fp32'))
    .addOption(new Option('--weights <which>', 'best: best validation (best.safetensors); final: last checkpoint').choices(WEIGHT_CHOICES).default('best'))
    .requiredOption('--out <file>', 'the file to write (atomically)')
    .action((run: string, flags: ExportFlags) => {
      const r = exportRunToFile(run, flags.out, { layout: flags.format, dtype: flags.dtype, weights: flags.weights });
      const { layout } = decodeExport(r.bytes, flags.out); // what a reader will see, checked once
      const rows = Object.entries(layout).map(([name, l]) => [name, `[${l.shape.join('x')}]`, l.coding, l.kept.toLocaleString('en')]);
      printTable([['weight', 'shape', 'stored as', 'values'], ...rows]);
      console.log(`wrote ${flags.out}: ${r.contents.spec.model} (${r.contents.spec.dataset}, ${flags.weights} weights), ${flags.format} ${flags.dtype}`);
      console.log(`size: dense fp32 ${bytes(r.denseFp32Bytes)}, this file ${bytes(r.bytes.length)}, `
        + `${(r.denseFp32Bytes / r.bytes.length).toFixed(1)}x smaller`);
    });
}

function printTable(table: string[][]): void {
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  for (const r of table) console.log(r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
}
