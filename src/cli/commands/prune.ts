// `snip prune`: score a freshly initialised network on one batch and write the masks.
import type { Command } from 'commander';
import { RunDir } from '../../experiments/run_dir.js';
import { preparePruned } from '../../experiments/singleshot.js';
import { addPruneOptions, configFromFlags, defaultOutDir } from '../run_options.js';
import { printLayerTable, terminalIO } from '../terminal.js';
import { selectBackendFromFlags } from '../backend_flags.js';

export function addPruneCommand(program: Command): void {
  addPruneOptions(program.command('prune').description('prune a network at initialisation (SNIP) and write the run folder'))
    .action(async (flags: Record<string, unknown>) => {
      const config = configFromFlags(flags);
      const dir = RunDir.open(String(flags.out ?? defaultOutDir(config)), flags.force ? 'force' : 'new');
      const io = terminalIO();
      await selectBackendFromFlags(flags, io.warn);
      const p = await preparePruned(config, dir, io);
      printLayerTable(p.summary.layers);
      io.log(`kept ${p.summary.kept} of ${p.summary.prunable} prunable weights (scoring took ${p.summary.scoreSeconds.toFixed(2)} s on ${p.summary.backend}); wrote ${dir.path}`);
    });
}
