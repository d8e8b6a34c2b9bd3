// A training or inference step as one unit the backend may run faster than op by op. The torch
// backend on a GPU captures training steps into CUDA graphs (TF.js's per-kernel host cost, not
// the GPU, bounds a step there); the native backend replays inference steps kernel by kernel,
// without the engine and tfjs-layers around them; other backends run steps eagerly. Training
// code only sees this file.
import * as tf from '@tensorflow/tfjs-core';

/**
 * The step: tensors in (the minibatch), tensors out (loss, metrics); `args` are plain values
 * (e.g. the learning rate). It must create no other host values than `args` and scalars, read
 * nothing back to the host, and change state only by assigning variables.
 */
export type StepFn<A> = (inputs: tf.Tensor[], args: A) => tf.Tensor[];

export interface CompiledStep<A> {
  /** Runs the step; the outputs are new tensors the caller owns. */
  run(inputs: tf.Tensor[], args: A): tf.Tensor[];
  /** 'eager', 'cuda-graph', or 'eager (why the backend's way was given up)'. */
  readonly mode: string;
  dispose(): void;
}

export interface StepOptions {
  /** The step assigns variables (a training step); otherwise it only computes (inference). */
  updatesVariables?: boolean;
}

/** A backend that can compile steps (duck-typed: training code imports no backend). */
export interface StepCompilingBackend {
  compileStep<A>(fn: StepFn<A>, opts: StepOptions): CompiledStep<A> | undefined;
}

export function eagerStep<A>(fn: StepFn<A>): CompiledStep<A> {
  return { mode: 'eager', run: (inputs, args) => tf.tidy(() => fn(inputs, args)), dispose: () => {} };
}

/**
 * The active backend's compiled form of `fn`, else eager: CUDA graphs of training steps on the
 * torch backend's GPU, kernel replay of inference steps on native. SNIP_STEP_GRAPHS=0 forces eager.
 */
export function compileStep<A>(fn: StepFn<A>, opts: StepOptions = {}): CompiledStep<A> {
  const backend = tf.backend() as Partial<StepCompilingBackend>;
  const compiled = process.env.SNIP_STEP_GRAPHS === '0' ? undefined : backend.compileStep?.(fn, opts);
  return compiled ?? eagerStep(fn);
}
