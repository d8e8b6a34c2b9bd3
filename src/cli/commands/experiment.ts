// `snip experiment <name>`: the paper's analyses and the baselines, as JSON + Markdown + PNG.
import { Argument, Option, type Command } from 'commander';
import { BACKEND_NAMES, selectBackend, type BackendName } from '../../../backends/registry.js';
import { validateExperimentConfig, type ExperimentConfig } from '../../experiments/experiment.js';
import { experiments, getExperiment } from '../../experiments/registry.js';
import { jobPool } from '../job_pool.js';
import { parseInteger, parseNumber } from '../parse.js';
import { terminalIO } from '../terminal.js';
import { LR_SCHEDULES, type LrScheduleName } from '../../train/lr_schedule.js';

export function addExperimentCommand(program: Command): void {
  program.command('experiment')
    .description('run an experiment (sweeps, ablations, visualisations) and write results.json, results.md and PNG plots')
    .addArgument(new Argument('<name>', 'experiment').choices(Object.keys(experiments)))
    .option('--out <dir>', 'experiment folder (default: results/experiments/<name>)')
    .option('--quick', 'a smoke run of under two minutes (fewer settings, a few iterations)')
    .option('--jobs <n>', 'trainings side by side in child processes', parseInteger, 1)
    .option('--seed <n>', 'seed of every run', parseInteger, 1)
    .option('--iterations <n>', "training iterations per run (default: the paper's protocol, or a few with --quick)", parseInteger)
    .option('--lr <lr>', "initial learning rate of every training (default: the paper's protocol)", parseNumber)
    .option('--lr-decay-every <n>', "multiply the lr by 0.1 every n iterations (default: the paper's protocol)", parseInteger)
    .addOption(new Option('--lr-schedule <name>', "step (the paper's) or cosine (annealed to 0 over --iterations) for every training").choices(LR_SCHEDULES))
    .option('--warmup <n>', 'iterations of linear learning-rate warm-up in every training (default: 0)', parseInteger)
    .option('--rounds <n>', 'pruning rounds of the iterative criteria in layer-density (default: their own, 100)', parseInteger)
    .option('--data-dir <dir>', 'official MNIST / CIFAR-10 files instead of the packaged copies')
    .option('--fashion-dir <dir>', "official Fashion-MNIST IDX files (default: Debian's dataset-fashion-mnist)")
    .addOption(new Option('--backend <name>', 'TF.js backend (auto: native if it built, else wasm)').choices(['auto', ...BACKEND_NAMES]).default('auto'))
    .action(async (name: string, flags: Record<string, unknown>) => {
      const config: ExperimentConfig = validateExperimentConfig({
        out: String(flags.out ?? `results/experiments/${name}`), quick: Boolean(flags.quick), jobs: flags.jobs as number,
        seed: flags.seed as number, iterations: flags.iterations as number | undefined, lr: flags.lr as number | undefined, lrDecayEvery: flags.lrDecayEvery as number | undefined,
        lrSchedule: flags.lrSchedule as LrScheduleName | undefined, warmup: flags.warmup as number | undefined, rounds: flags.rounds as number | undefined,
        dataDir: flags.dataDir as string | undefined, fashionDir: flags.fashionDir as string | undefined,
      });
      const io = terminalIO();
      const backend = flags.backend as BackendName | 'auto';
      await selectBackend(backend, io.warn);
      const start = performance.now();
      const result = await getExperiment(name).run(config, { ...io, runJobs: jobPool(config.jobs, backend, io) });
      io.stop();
      io.log(`${name}: wrote ${result.files.join(', ')} in ${config.out} (${((performance.now() - start) / 1000).toFixed(0)} s)`);
    });
}
