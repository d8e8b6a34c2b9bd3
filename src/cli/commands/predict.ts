// `snip predict FILE`: inference from an exported model on a data set's test split.
import { Option, type Command } from 'commander';
import { SPARSE_MODES, type SparseMode } from '../../sparse/compile_sparse.js';
import { predictExport } from '../../export/predict.js';
import { addBackendOptions, selectBackendFromFlags } from '../backend_flags.js';
import { parseInteger } from '../parse.js';

interface PredictFlags {
  dataset?: string;
  dataDir?: string;
  batchSize: number;
  sparse: SparseMode;
  json?: boolean;
}

export function addPredictCommand(program: Command): void {
  const cmd = program.command('predict')
    .description('load a model written by `snip export`, run it on a data set\'s test split, print error and throughput')
    .argument('<file>', 'a file written by `snip export`')
    .option('--dataset <name>', 'data set whose test split to run (default: the one the model was trained on)')
    .option('--data-dir <dir>', 'directory of the data set\'s official files (default: the packaged copy)')
    .option('--batch-size <n>', 'examples per forward pass', parseInteger, 1000)
    .addOption(new Option('--sparse <mode>', 'sparse kernels for the pruned layers: where they time faster here (auto), always (on), never (off)').choices(SPARSE_MODES).default('auto'))
    .option('--json', 'print the result as JSON');
  addBackendOptions(cmd).action(async (file: string, flags: PredictFlags & Record<string, unknown>) => {
    const warn = (line: string) => process.stderr.write(`warning: ${line}\n`);
    if (!(flags.batchSize >= 1)) throw new Error(`--batch-size must be a positive integer, got ${flags.batchSize}`);
    const backend = await selectBackendFromFlags(flags, warn);
    const r = await predictExport(file, { dataset: flags.dataset, dataDir: flags.dataDir, batchSize: flags.batchSize, sparse: flags.sparse, warn });
    const e = r.evaluation;
    if (flags.json) {
      console.log(JSON.stringify({
        file, model: r.spec.model, dataset: r.dataset, dtype: r.dtype, backend, examples: e.count,
        testError: e.error, accuracy: 1 - e.error, testLoss: e.loss, seconds: r.seconds, examplesPerSecond: r.examplesPerSecond,
        sparse: r.sparse.map(({ layer, sparse }) => ({ layer, sparse })),
      }, null, 2));
      return;
    }
    console.log(`${r.spec.model} from ${file} (${r.dtype}) on ${r.dataset} test, ${e.count.toLocaleString('en')} examples, backend ${backend}`);
    console.log(`test error ${(100 * e.error).toFixed(2)}% (accuracy ${(100 * (1 - e.error)).toFixed(2)}%), loss ${e.loss.toFixed(4)}; `
      + `${r.seconds.toFixed(2)} s, ${r.examplesPerSecond.toFixed(0)} examples/s`);
    const sparse = r.sparse.filter((l) => l.sparse).map((l) => l.layer);
    console.log(`sparse kernels (--sparse ${flags.sparse}): ${sparse.length > 0 ? sparse.join(', ') : 'none'}`);
  });
}
