// Training a prepared (pruned) model with checkpoints, best-validation weights and a summary.
import { BatchSampler } from '../data/batches.js';
import { trainableVariables } from '../masks/prunable.js';
import { evaluate } from '../train/evaluate.js';
import { initialState, train, type BatchSource, type TrainState } from '../train/fit.js';
import { softmaxCrossEntropy } from '../train/losses.js';
import { MaskedSgd } from '../train/sgd.js';
import { compileSparse, type SparseCompilation, type SparseLayerChoice } from '../sparse/compile_sparse.js';
import { augmentedBatches } from '../data/prefetch.js';
import { mixSeed } from '../util/rng.js';
import { loadCheckpoint, loadWeights, saveCheckpoint, saveWeights } from './checkpoint.js';
import type { RunConfig } from './config.js';
import type { RunDir } from './run_dir.js';
import type { RunIO } from './run_io.js';
import type { Prepared, PruneSummary } from './singleshot.js';
import { writeSummaryMarkdown } from './summary_md.js';

export const TRAIN_STREAM = 0x7a1d;

export interface TrainingSummary {
  iterations: number;
  bestIteration: number;
  bestValError: number;
  testError: number;
  testLoss: number;
  wallSeconds: number;
  examplesPerSecond: number;
  /** How the steps ran at the end: 'eager', or 'cuda-graph' on the torch backend's GPU. */
  stepMode?: string;
}

/** How the masked layers ran (`--sparse`). */
export interface SparseSummary {
  mode: string;
  backend: string;
  layers: SparseLayerChoice[];
}

export type RunSummary = PruneSummary & { training?: TrainingSummary; sparse?: SparseSummary };

/** Trains to `config.iterations`, continuing from the folder's checkpoint when `resume`. */
export async function trainPrepared(config: RunConfig, p: Prepared, dir: RunDir, io: RunIO, resume: boolean): Promise<RunSummary> {
  const variables = trainableVariables(p.model);
  const sgd = new MaskedSgd(variables, p.masks, { momentum: config.momentum, weightDecay: config.weightDecay });
  let state: TrainState = initialState();
  let elapsed = 0;
  let resumedSparse: string[] | undefined;
  if (resume && dir.has('checkpoint')) {
    ({ state, elapsedSeconds: elapsed, sparseLayers: resumedSparse } = loadCheckpoint(dir.file('checkpoint'), p.model, sgd.velocity));
    io.log(`resuming ${dir.path} at iteration ${state.iteration}`);
  }
  dir.truncateMetrics(state.iteration);
  const sparse = compileSparse(p.model, p.masks, { mode: config.sparse, batchSize: config.batchSize, training: true, resumedSparse });
  const sparseLayers = sparse.layers.filter((l) => l.sparse).map((l) => l.layer);
  logSparse(sparse, io);
  const sessionStart = performance.now();
  const seconds = () => elapsed + (performance.now() - sessionStart) / 1000;
  const source = batchSource(config, p);
  let test: Awaited<ReturnType<typeof evaluate>>;
  let wallSeconds: number;
  let stepMode: string | undefined;
  try {
    state = await train(p.model, p.data, source, softmaxCrossEntropy, sgd, variables, { ...config }, state, {
      onLog: (log) => {
        dir.appendMetric({ kind: 'train', ...log });
        io.progress?.({ ...log, total: config.iterations });
      },
      onStepMode: (mode) => {
        if (mode !== 'eager' || stepMode !== undefined) io.log(`training steps: ${mode}`);
        stepMode = mode;
      },
      onValidate: async (v, s) => {
        dir.appendMetric({ kind: 'val', ...v });
        if (v.improved) saveWeights(dir.file('best'), p.model, { iteration: String(v.iteration) });
        if (s.iteration % config.checkpointEvery === 0 || s.iteration === config.iterations) {
          saveCheckpoint(dir.file('checkpoint'), p.model, sgd.velocity, { state: s, elapsedSeconds: seconds(), sparseLayers });
        }
      },
    });
    wallSeconds = seconds();
    sgd.dispose();
    loadWeights(dir.file('best'), p.model);
    test = await evaluate(p.model, p.data.test, p.data.inputShape);
  } finally {
    source.close();
    sparse.restore(); // the caller gets its model back as it was
  }
  const training: TrainingSummary = {
    iterations: state.iteration, bestIteration: state.bestIteration, bestValError: state.bestValError,
    testError: test.error, testLoss: test.loss, wallSeconds, examplesPerSecond: (state.iteration * config.batchSize) / wallSeconds,
    ...(stepMode !== undefined ? { stepMode } : {}),
  };
  const summary: RunSummary = { ...p.summary, training, sparse: { mode: sparse.mode, backend: sparse.backend, layers: sparse.layers } };
  dir.writeJson('summary', summary);
  writeSummaryMarkdown(dir, config, summary);
  return summary;
}

function logSparse(s: SparseCompilation, io: RunIO): void {
  io.log(`sparse execution (--sparse ${s.mode}, backend ${s.backend}):`);
  for (const l of s.layers) {
    io.log(`  ${l.layer} [${l.shape.join('×')}] density ${(100 * l.density).toFixed(2)}%: ${l.sparse ? 'sparse' : 'dense'} (${l.reason})`);
  }
}

/** The training batches: augmented ones are built ahead in a worker thread (data/prefetch.ts). */
function batchSource(config: RunConfig, p: Prepared): BatchSource & { close(): void } {
  const samplerSeed = mixSeed(config.seed, TRAIN_STREAM);
  if (config.augment) {
    const stream = { batchSize: config.batchSize, samplerSeed, augmentSeed: config.seed, imageShape: p.data.inputShape };
    return augmentedBatches(p.data.train, stream);
  }
  const sampler = new BatchSampler(p.data.train, config.batchSize, samplerSeed);
  return { batchAt: (t) => sampler.batchAt(t), close: () => {} };
}
