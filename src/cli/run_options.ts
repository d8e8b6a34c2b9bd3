// The flags shared by `snip prune` and `snip train`, and their translation to a RunConfig.
import { Command, Option } from 'commander';
import { criteria } from '../criteria/registry.js';
import { datasets } from '../data/registry.js';
import { defaultConfig, PROTOCOLS, SCORE_SAMPLINGS, validateConfig, type RunConfig } from '../experiments/config.js';
import { SCOPES } from '../masks/threshold.js';
import { INIT_NAMES } from '../models/model_spec.js';
import { getModel, models } from '../models/registry.js';
import { addBackendOptions } from './backend_flags.js';
import { parseInteger, parseNumber } from './parse.js';
import { SPARSE_MODES } from '../sparse/compile_sparse.js';
import { LR_SCHEDULES } from '../train/lr_schedule.js';

const mnist = PROTOCOLS.mnist;
const cifar = PROTOCOLS.cifar10;

export function addPruneOptions(cmd: Command): Command {
  return addBackendOptions(cmd)
    .addOption(new Option('--model <name>', 'network to prune').choices(Object.keys(models)).default('lenet-300-100'))
    .addOption(new Option('--dataset <name>', "data set (default: the model's first)").choices(Object.keys(datasets)))
    .option('--data-dir <dir>', 'read the official files from this directory instead of the packaged copy (tiny-imagenet: the folder or its .tar.gz)')
    .option('--sparsity <s>', 'fraction of prunable weights removed, in (0, 1)', parseNumber, 0.95)
    .option('--dense', 'train the dense reference: prune nothing (ignores --sparsity)')
    .addOption(new Option('--criterion <name>', 'pruning criterion').choices(Object.keys(criteria)).default('snip'))
    .addOption(new Option('--scope <scope>', 'keep the top κ over all layers, or the same fraction per layer').choices(SCOPES).default('global'))
    .addOption(new Option('--init <name>', 'initialisation: variance scaling He / Glorot, truncated or plain normal (std 0.1)').choices(INIT_NAMES).default('vs-h'))
    .option('--seed <n>', 'seed of the initialisation, data split, scoring batch and batch order', parseInteger, 1)
    .option('--score-batch-size <n>', 'examples in the scoring minibatch (default: 100)', parseInteger)
    .option('--score-batches <n>', 'scoring minibatches whose gradients are averaged (default: 1; 10 examples per class where a batch cannot hold every class, e.g. 20 for tiny-imagenet)', parseInteger)
    .addOption(new Option('--score-sampling <how>', 'scoring examples drawn at random (the paper), or spread evenly over the classes (balanced: needs --score-batch-size × --score-batches ≥ the number of classes to reach every class) (default: random; balanced where a batch cannot hold every class, e.g. tiny-imagenet)').choices(SCORE_SAMPLINGS))
    .option('--val-fraction <f>', 'fraction of the training set held out for validation', parseNumber, 0.1)
    .option('--out <dir>', 'run folder (default: runs/<model>-<dataset>-<sparsity>-s<seed>)')
    .option('--force', 'overwrite an existing run folder');
}

export function addTrainOptions(cmd: Command): Command {
  return cmd
    .option('--iterations <n>', `training iterations (default: ${mnist.iterations} MNIST, ${cifar.iterations} CIFAR-10)`, parseInteger)
    .option('--batch-size <n>', `minibatch size (default: ${mnist.batchSize} MNIST, ${cifar.batchSize} CIFAR-10)`, parseInteger)
    .option('--lr <lr>', `initial learning rate (default: ${[`${mnist.lr}`, ...lrOverrides()].join('; ')})`, parseNumber)
    .addOption(new Option('--lr-schedule <name>', 'step: ×--lr-decay-factor every --lr-decay-every iterations (the paper); cosine: anneal to 0 over --iterations (for shortened schedules)').choices(LR_SCHEDULES))
    .option('--warmup <n>', 'iterations of linear learning-rate warm-up before the schedule (default: 0)', parseInteger)
    .option('--lr-decay-every <n>', `multiply the lr by --lr-decay-factor every n iterations (default: ${mnist.lrDecayEvery} MNIST, ${cifar.lrDecayEvery} CIFAR-10)`, parseInteger)
    .option('--lr-decay-factor <f>', `learning-rate decay factor (default: ${mnist.lrDecayFactor})`, parseNumber)
    .option('--momentum <m>', `SGD momentum (default: ${mnist.momentum})`, parseNumber)
    .option('--weight-decay <w>', `weight decay (default: ${mnist.weightDecay})`, parseNumber)
    .option('--validate-every <n>', `validate every n iterations (default: ${mnist.validateEvery})`, parseInteger)
    .option('--checkpoint-every <n>', 'write checkpoint.safetensors every n iterations (default: --validate-every; a multiple of it)', parseInteger)
    .option('--log-every <n>', 'log a metrics line every n iterations (default: 50)', parseInteger)
    .addOption(new Option('--sparse <mode>', 'sparse kernels for masked Dense and Conv2D layers: where they time faster here (auto), always (on), never (off)').choices(SPARSE_MODES).default('auto'))
    .option('--no-augment', 'turn off crop-and-flip augmentation (on by default for CIFAR-10 and Tiny-ImageNet)')
    .option('--resume <dir>', 'continue the interrupted run in <dir> (its config.json wins over other flags)');
}

// Models whose protocol sets its own learning rate (see ModelSpec.protocol).
function lrOverrides(): string[] {
  return Object.values(models).flatMap((m) => (m.protocol?.lr === undefined ? [] : [`${m.protocol.lr} for ${m.name}`]));
}

type Flags = Record<string, unknown>;

/** Defaults of the model/data set, overridden by every flag the user gave. */
export function configFromFlags(flags: Flags): RunConfig {
  const model = getModel(String(flags.model));
  const dataset = (flags.dataset as string | undefined) ?? model.datasets[0];
  const base = defaultConfig(model.name, dataset);
  const pick = <K extends keyof RunConfig>(key: K): RunConfig[K] => (flags[key] === undefined ? base[key] : (flags[key] as RunConfig[K]));
  const config: RunConfig = {
    ...base,
    dataDir: flags.dataDir as string | undefined,
    sparsity: flags.dense ? null : (flags.sparsity as number),
    augment: flags.augment === false ? false : base.augment, // commander defaults --no-augment's value to true
    ...Object.fromEntries((Object.keys(base) as (keyof RunConfig)[])
      .filter((k) => !['model', 'dataset', 'sparsity', 'dataDir', 'augment'].includes(k))
      .map((k) => [k, pick(k)])),
  };
  if (flags.validateEvery !== undefined && flags.checkpointEvery === undefined) config.checkpointEvery = config.validateEvery;
  if (config.checkpointEvery % config.validateEvery !== 0) throw new Error(`--checkpoint-every (${config.checkpointEvery}) must be a multiple of --validate-every (${config.validateEvery})`);
  return validateConfig(config);
}

export function defaultOutDir(c: RunConfig): string {
  return `runs/${c.model}-${c.dataset}-${c.sparsity === null ? 'dense' : c.sparsity}-s${c.seed}`;
}
