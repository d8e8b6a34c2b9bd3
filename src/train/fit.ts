// The training loop: masked SGD on a learning-rate schedule, periodic validation, best-validation weights.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Dataset } from '../data/dataset.js';
import type { LossFn } from '../criteria/criterion.js';
import { compileStep } from './compiled_step.js';
import { evaluate } from './evaluate.js';
import { correctCount } from './losses.js';
import { lrAt, type LrSchedule } from './lr_schedule.js';
import type { MaskedSgd } from './sgd.js';

export interface TrainOptions extends LrSchedule {
  batchSize: number;
  momentum: number;
  weightDecay: number;
  validateEvery: number;
  logEvery: number;
}

/** Where the minibatch of iteration t comes from; stateless in t, so a resumed run replays it. */
export interface BatchSource {
  batchAt(iteration: number): { x: Float32Array; y: Int32Array; n: number };
}

export interface StepLog {
  iteration: number; // completed iterations
  loss: number; // mean over the logged window
  accuracy: number; // training-batch accuracy over the window
  lr: number;
  examplesPerSecond: number;
}

export interface Validation {
  iteration: number;
  valError: number;
  valLoss: number;
  improved: boolean;
}

/** What a checkpoint must hold to continue exactly. */
export interface TrainState {
  iteration: number;
  bestValError: number;
  bestIteration: number;
}

export interface TrainHooks {
  onLog?(log: StepLog): void;
  /** How steps run ('eager', 'cuda-graph', …), each time that changes. */
  onStepMode?(mode: string): void;
  /** After each validation; `improved` means the weights now are the best so far. */
  onValidate?(v: Validation, state: TrainState): Promise<void>;
}

export async function train(
  model: LayersModel, data: Dataset, batches: BatchSource, loss: LossFn, sgd: MaskedSgd,
  variables: Map<string, tf.Variable>, opts: TrainOptions, state: TrainState, hooks: TrainHooks = {},
): Promise<TrainState> {
  const varList = [...variables.values()];
  let window = { loss: 0, correct: 0, examples: 0, start: performance.now() };
  // Loss and accuracy stay on the device until a log or validation is due: one host read per
  // window instead of two per step, so the loop never waits for the GPU between steps.
  let pending: { loss: tf.Scalar; correct: tf.Scalar; n: number }[] = [];
  const readPending = async (): Promise<void> => {
    if (pending.length === 0) return;
    const stacked = tf.tidy(() => tf.stack(pending.flatMap((p) => [p.loss, p.correct])));
    const values = await stacked.data();
    stacked.dispose();
    const first = state.iteration - pending.length;
    pending.forEach((p, i) => {
      const loss = values[2 * i]!;
      if (!Number.isFinite(loss)) {
        throw new Error(`training loss became ${loss} at iteration ${first + i + 1}; lower --lr or check the data`);
      }
      window.loss += loss * p.n;
      window.correct += values[2 * i + 1]!;
      window.examples += p.n;
    });
    tf.dispose(pending.flatMap((p) => [p.loss, p.correct]));
    pending = [];
  };
  // Forward, backward and update as one unit, which the backend may compile (a CUDA graph on
  // the GPU). The batch and the learning rate come in as tensors, so one compiled step serves
  // every iteration of any schedule.
  const step = compileStep<Record<string, never>>(([x, y, lr]) => {
    let correct: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const logits = model.apply(x!, { training: true }) as tf.Tensor;
      correct = tf.keep(correctCount(logits, y as tf.Tensor1D));
      return loss(logits, y as tf.Tensor1D);
    }, varList);
    sgd.stepNamed(grads, lr as tf.Scalar);
    return [value, correct!];
  }, { updatesVariables: true });
  let mode = '';
  try {
    while (state.iteration < opts.iterations) {
      const t = state.iteration;
      const lr = lrAt(opts, t);
      const b = batches.batchAt(t);
      const inputs = [tf.tensor(b.x, [b.n, ...data.inputShape]), tf.tensor1d(b.y, 'int32'), tf.scalar(lr)];
      const [lossT, correctT] = step.run(inputs, {}) as [tf.Scalar, tf.Scalar];
      tf.dispose(inputs);
      if (step.mode !== mode) hooks.onStepMode?.((mode = step.mode));
      state = { ...state, iteration: t + 1 };
      pending.push({ loss: lossT, correct: correctT, n: b.n });
      const done = state.iteration === opts.iterations;
      const logDue = state.iteration % opts.logEvery === 0 || done;
      const validateDue = state.iteration % opts.validateEvery === 0 || done;
      if (logDue || validateDue) await readPending();
      if (logDue) {
        const seconds = (performance.now() - window.start) / 1000;
        hooks.onLog?.({
          iteration: state.iteration, loss: window.loss / window.examples, accuracy: window.correct / window.examples,
          lr, examplesPerSecond: window.examples / Math.max(seconds, 1e-9),
        });
        window = { loss: 0, correct: 0, examples: 0, start: performance.now() };
      }
      if (validateDue) {
        const v = await evaluate(model, data.val, data.inputShape);
        const improved = v.error < state.bestValError;
        if (improved) state = { ...state, bestValError: v.error, bestIteration: state.iteration };
        await hooks.onValidate?.({ iteration: state.iteration, valError: v.error, valLoss: v.loss, improved }, state);
      }
    }
  } finally {
    tf.dispose(pending.flatMap((p) => [p.loss, p.correct]));
    step.dispose();
  }
  return state;
}

export function initialState(): TrainState {
  return { iteration: 0, bestValError: Infinity, bestIteration: 0 };
}
