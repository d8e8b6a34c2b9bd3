// `snip train`: prune at initialisation, train the sparse network, test the best checkpoint.
import type { Command } from 'commander';
import type { BackendName } from '../../../backends/registry.js';
import { validateConfig, type RunConfig } from '../../experiments/config.js';
import { RunDir } from '../../experiments/run_dir.js';
import { preparePruned, reloadPrepared } from '../../experiments/singleshot.js';
import { trainPrepared } from '../../experiments/train_run.js';
import { addPruneOptions, addTrainOptions, configFromFlags, defaultOutDir } from '../run_options.js';
import { printLayerTable, terminalIO } from '../terminal.js';
import { selectBackendFromFlags } from '../backend_flags.js';

export function addTrainCommand(program: Command): void {
  const cmd = program.command('train').description('prune at initialisation, then train the pruned network with the paper\'s protocol');
  addTrainOptions(addPruneOptions(cmd)).action(async (flags: Record<string, unknown>) => {
    const io = terminalIO();
    const resume = flags.resume as string | undefined;
    const dir = resume ? RunDir.open(resume, 'resume') : undefined;
    const config = dir ? validateConfig(dir.readJson<RunConfig & { backend?: string }>('config')) : configFromFlags(flags);
    const out = dir ?? RunDir.open(String(flags.out ?? defaultOutDir(config)), flags.force ? 'force' : 'new');
    const recorded = dir?.readJson<{ backend?: BackendName }>('config').backend;
    await selectBackendFromFlags(flags, io.warn, recorded);
    const ready = dir && dir.has('masks') && dir.has('init') && dir.has('summary');
    const p = ready ? await reloadPrepared(config, out) : await preparePruned(config, out, io);
    printLayerTable(p.summary.layers);
    const s = await trainPrepared(config, p, out, io, Boolean(dir));
    io.stop();
    const t = s.training!;
    io.log(`test error ${(100 * t.testError).toFixed(2)}% (best validation ${(100 * t.bestValError).toFixed(2)}% at iteration ${t.bestIteration}); `
      + `${t.iterations} iterations in ${t.wallSeconds.toFixed(1)} s, ${t.examplesPerSecond.toFixed(0)} examples/s; wrote ${out.path}`);
  });
}
