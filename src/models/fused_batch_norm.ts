// Batch norm in training mode as two kernels, where the active backend has them.
//
// tfjs-layers computes a training-mode batch norm as tfjs-core's moments (Mean, Sub, Square,
// Mean) and a FusedBatchNorm, and differentiates that composition op by op: about 25 passes over
// the activation per layer and step, where PyTorch makes about 4 (one statistics pass and one
// elementwise pass each way). A backend that registers SnipBatchNormTraining and
// SnipBatchNormTrainingGrad (the torch backend maps them to ATen's native batch norm) runs the
// forward and backward as one kernel each; everywhere else the stock layer runs unchanged.
//
// The layers stay tfjs-layers' BatchNormalization (same class, weights, config and saved
// format): `fuseBatchNormTraining` only routes an instance's training-mode call through the
// kernels, with the same moving-average updates as the stock layer.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** inputs {x, gamma, beta}, attrs {epsilon}; statistics over every axis but the last. Outputs
 * [y, mean, variance (biased, as tfjs-core's moments), invStd = 1/√(variance + ε)]. */
export const BATCH_NORM_TRAINING = 'SnipBatchNormTraining';
/** inputs {dy, x, gamma, mean, invStd}, attrs {epsilon}; outputs [dx, dgamma, dbeta]. */
export const BATCH_NORM_TRAINING_GRAD = 'SnipBatchNormTrainingGrad';

tf.registerGradient({
  kernelName: BATCH_NORM_TRAINING,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true, false, true],
  gradFunc: (dys, saved, attrs) => {
    const [x, gamma, mean, invStd] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    // Only y feeds the loss: mean and variance go to the moving averages, which are not differentiated.
    const dy = (dys as tf.Tensor[])[0]!;
    const [dx, dgamma, dbeta] = tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD, { dy, x, gamma, mean, invStd }, attrs) as tf.Tensor[];
    return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
  },
});

/** What the routed call reads of tfjs-layers' BatchNormalization (private there). */
interface BatchNormFields {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tfl.LayerVariable;
  beta: tfl.LayerVariable;
  movingMean: tfl.LayerVariable;
  movingVariance: tfl.LayerVariable;
}

type Call = (inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor | tf.Tensor[];

/** Whether the active backend has both kernels. */
function backendFuses(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(BATCH_NORM_TRAINING, backend) !== undefined && tf.getKernel(BATCH_NORM_TRAINING_GRAD, backend) !== undefined;
}

/**
 * Training-mode batch norm of float32 `x` over every axis but the last (γ, β per channel): the
 * normalised output and the batch mean and (biased) variance. One kernel each way where the
 * backend has them, else tfjs-core's moments and batchNorm, as tfjs-layers computes it.
 */
export function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  if (backendFuses()) {
    const [y, mean, variance, invStd] = tf.engine().runKernel(BATCH_NORM_TRAINING, { x, gamma, beta }, { epsilon }) as tf.Tensor[];
    invStd!.dispose(); // kept for the gradient by the tape, not needed here
    return { y: y!, mean: mean!, variance: variance! };
  }
  const { mean, variance } = tf.moments(x, [...Array(x.rank - 1).keys()]);
  return { y: tf.batchNorm(x, mean, variance, beta, gamma, epsilon), mean, variance };
}

/** Whether the routed call serves this layer and input (else the stock call runs). */
function fusable(layer: BatchNormFields, x: tf.Tensor): boolean {
  const axis = layer.axis < 0 ? layer.axis + x.rank : layer.axis;
  return axis === x.rank - 1 && layer.center && layer.scale && x.dtype === 'float32' && backendFuses();
}

/** The stock layer's moving-average update, op for op: v ← v − (v − value)·(1 − momentum). */
function movingAverage(variable: tfl.LayerVariable, value: tf.Tensor, momentum: number): void {
  tf.tidy(() => {
    const old = variable.read();
    variable.write(tf.sub(old, tf.mul(tf.sub(old, value), 1 - momentum)));
  });
}

/** Routes `layer`'s training-mode calls through the fused kernels where the backend has them. */
export function fuseBatchNormTraining<L extends tfl.layers.Layer>(layer: L): L {
  const stock = layer.call.bind(layer) as Call;
  const fields = layer as unknown as BatchNormFields;
  const routed: Call = (inputs, kwargs) => {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs.training !== true || !fusable(fields, x)) return stock(inputs, kwargs);
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormTraining(x, fields.gamma.read(), fields.beta.read(), fields.epsilon);
      movingAverage(fields.movingMean, mean, fields.momentum);
      movingAverage(fields.movingVariance, variance, fields.momentum);
      return y;
    });
  };
  (layer as unknown as { call: Call }).call = routed;
  return layer;
}

/** Every BatchNormalization layer of `model`, routed as above (for models users bring). */
export function fuseBatchNormLayers(model: tfl.LayersModel): tfl.LayersModel {
  for (const layer of model.layers) if (layer.getClassName() === 'BatchNormalization') fuseBatchNormTraining(layer);
  return model;
}
