// Label-smoothed softmax cross-entropy and its gradient in one pass over the logits, for the
// backends whose values JS can reach (wasm, plain JS). Composed from TF.js ops, the loss
// materialises log-softmax, exp and several [N, V] temporaries forward and again backward: over
// a 2048 × 8449 output layer that was about a fifth of a training step. The gradient with respect
// to the logits is known in closed form, (softmax − target distribution) / real tokens, so it is
// written during the forward pass and the backward pass only scales it.
// N target positions · V vocabulary
import * as tf from '@tensorflow/tfjs-core';
import { getKernel, registerKernel, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { expNonPositive } from './exp-non-positive';
import { HEAP_BACKENDS, withValues } from './heap-access';

export const SMOOTHED_CROSS_ENTROPY = 'StudioSmoothedCrossEntropy';

interface Attrs {
  smoothing: number;
  padId: number;
}

/** logits [N, V], labels [N] → loss [] (mean over non-padding rows), dLoss/dLogits [N, V]. */
export function smoothedCrossEntropyValues(logits: ArrayLike<number>, labels: ArrayLike<number>, vocab: number, { smoothing, padId }: Attrs, loss: Float32Array, grad: Float32Array): void {
  const rows = labels.length;
  let real = 0;
  for (let i = 0; i < rows; i++) if (labels[i] !== padId) real++;
  const perRow = 1 / Math.max(real, 1);
  const uniform = smoothing / vocab;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const offset = i * vocab;
    const label = labels[i];
    if (label === padId) {
      grad.fill(0, offset, offset + vocab);
      continue;
    }
    let max = -Infinity;
    for (let j = 0; j < vocab; j++) if (logits[offset + j] > max) max = logits[offset + j];
    let sumExp = 0;
    let sumLogits = 0;
    for (let j = 0; j < vocab; j++) {
      const x = logits[offset + j];
      const e = expNonPositive(x - max);
      grad[offset + j] = e;
      sumExp += e;
      sumLogits += x;
    }
    const logZ = max + Math.log(sumExp); // log Σ exp(x)
    // (1 − ε)·(−log p[label]) + ε·mean_v(−log p[v]), with −log p[v] = logZ − x[v]
    total += (1 - smoothing) * (logZ - logits[offset + label]) + smoothing * (logZ - sumLogits / vocab);
    const scale = perRow / sumExp;
    for (let j = 0; j < vocab; j++) grad[offset + j] = grad[offset + j] * scale - uniform * perRow;
    grad[offset + label] -= (1 - smoothing) * perRow;
  }
  loss[0] = total * perRow;
}

function kernelFor(backendName: string): KernelConfig {
  return {
    kernelName: SMOOTHED_CROSS_ENTROPY,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { logits, labels } = inputs as { logits: TensorInfo; labels: TensorInfo };
      const vocab = logits.shape[1];
      return withValues(backend, [logits, labels], [[], logits.shape], ([logitValues, labelValues], [loss, grad]) =>
        smoothedCrossEntropyValues(logitValues, labelValues, vocab, attrs as unknown as Attrs, loss, grad),
      );
    },
  };
}

export function registerSmoothedCrossEntropy(): void {
  for (const name of HEAP_BACKENDS) if (!getKernel(SMOOTHED_CROSS_ENTROPY, name)) registerKernel(kernelFor(name));
}

/** The fused loss on the current backend, or undefined where it has no kernel (tfjs-node). */
export function fusedSmoothedCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, smoothing: number, padId: number): tf.Scalar | undefined {
  if (!getKernel(SMOOTHED_CROSS_ENTROPY, tf.getBackend())) return undefined;
  const lossOf = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, y, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [loss, dLogits] = tf.engine().runKernel(SMOOTHED_CROSS_ENTROPY, { logits: x, labels: y }, { smoothing, padId } as never) as tf.Tensor[];
    save([dLogits]);
    return { value: loss, gradFunc: (dy, saved) => [tf.mul(saved[0], dy as tf.Tensor), tf.zerosLike(y)] };
  });
  return lossOf(logits, labels) as tf.Scalar;
}
