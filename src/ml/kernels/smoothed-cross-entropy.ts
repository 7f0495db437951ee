// Label-smoothed softmax cross-entropy and its gradient in one pass over the logits, for the
// backends whose values JS can reach (wasm, plain JS). Composed from TF.js ops, the loss
// materialises log-softmax, exp and several [N, V] temporaries forward and again backward: over
// a 2048 × 8449 output layer that was about a fifth of a training step. The gradient with respect
// to the logits is known in closed form, (softmax − target distribution) / real tokens, so it is
// written during the forward pass and the backward pass only scales it.
// On wasm the exponentials come from the backend's own Softmax kernel (faster than JS's Math.exp)
// and, with a BLAS, the two remaining passes over [N, V] are BLAS calls too.
// N target positions · V vocabulary
import * as tf from '@tensorflow/tfjs-core';
import { getKernel, registerKernel, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import type { Sgemm } from './blas/load-blas';
import { expNonPositive } from './exp-non-positive';
import { asWasm, withValues } from './heap-access';
import { onesVector } from './blas/ones';
import { wasmBlas } from './wasm-mat-mul';

export const SMOOTHED_CROSS_ENTROPY = 'StudioSmoothedCrossEntropy';

interface Attrs {
  smoothing: number;
  padId: number;
  /**
   * The smoothing mass is spread over the first `smoothOver` columns only (the vocabulary): with
   * copy attention the columns past it are source positions, masked where the source is padding.
   */
  smoothOver: number;
}

/** logits [N, V], labels [N] → loss [] (mean over non-padding rows), dLoss/dLogits [N, V]. */
export function smoothedCrossEntropyValues(logits: ArrayLike<number>, labels: ArrayLike<number>, vocab: number, { smoothing, padId, smoothOver }: Attrs, loss: Float32Array, grad: Float32Array): void {
  const rows = labels.length;
  let real = 0;
  for (let i = 0; i < rows; i++) if (labels[i] !== padId) real++;
  const perRow = 1 / Math.max(real, 1);
  const uniform = smoothing / smoothOver;
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
      if (j < smoothOver) sumLogits += x;
    }
    const logZ = max + Math.log(sumExp); // log Σ exp(x)
    // (1 − ε)·(−log p[label]) + ε·mean_{v < smoothOver}(−log p[v]), with −log p[v] = logZ − x[v]
    total += (1 - smoothing) * (logZ - logits[offset + label]) + smoothing * (logZ - sumLogits / smoothOver);
    const scale = perRow / sumExp;
    for (let j = 0; j < vocab; j++) grad[offset + j] = grad[offset + j] * scale - (j < smoothOver ? uniform * perRow : 0);
    grad[offset + label] -= (1 - smoothing) * perRow;
  }
  loss[0] = total * perRow;
}

/**
 * The same loss and gradient from softmax probabilities: `probs` [N, V] is turned into the
 * gradient in place. log Σ exp(x) = x[j] − log p[j] for any j, taken at the label (or, where its
 * probability underflows, at the most probable token, whose p ≥ 1/V never does).
 * With `sgemm`, the row sums of the logits are one product with ones and the scale-and-shift of
 * every probability one rank-1 update (C = β·C + α·1·1ᵀ), both at BLAS speed.
 */
export function lossAndGradientFromProbs(
  probs: Float32Array,
  logits: Float32Array,
  labels: ArrayLike<number>,
  vocab: number,
  { smoothing, padId, smoothOver }: Attrs,
  loss: Float32Array,
  sgemm?: Sgemm,
): void {
  const rows = labels.length;
  let real = 0;
  for (let i = 0; i < rows; i++) if (labels[i] !== padId) real++;
  const perRow = 1 / Math.max(real, 1);
  const uniform = smoothing / smoothOver;
  const rowSums = new Float32Array(rows); // Σ of each row's first smoothOver logits
  if (sgemm) {
    sgemm(false, false, rows, 1, smoothOver, 1, logits, vocab, onesVector(smoothOver), 1, 0, rowSums, 1); // [N, V'] · [V', 1]
  } else {
    for (let i = 0; i < rows; i++) {
      let sum = 0;
      for (let j = i * vocab; j < i * vocab + smoothOver; j++) sum += logits[j];
      rowSums[i] = sum;
    }
  }
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const label = labels[i];
    if (label === padId) continue;
    const offset = i * vocab;
    let at = offset + label;
    if (!(probs[at] > 1e-30)) {
      for (let j = offset; j < offset + vocab; j++) if (probs[j] > probs[at]) at = j;
    }
    const logZ = logits[at] - Math.log(probs[at]);
    total += (1 - smoothing) * (logZ - logits[offset + label]) + smoothing * (logZ - rowSums[i] / smoothOver);
  }
  loss[0] = total * perRow;
  // gradient = (p − ε/V')/real on the first V' columns and p/real past them, then − (1 − ε)/real
  // at each label, 0 on padding rows
  if (sgemm) {
    sgemm(false, false, rows, smoothOver, 1, -uniform * perRow, onesVector(rows), 1, onesVector(smoothOver), smoothOver, perRow, probs, vocab);
  } else {
    for (let i = 0; i < rows; i++) for (let j = i * vocab; j < i * vocab + smoothOver; j++) probs[j] = (probs[j] - uniform) * perRow;
  }
  if (smoothOver < vocab) {
    for (let i = 0; i < rows; i++) for (let j = i * vocab + smoothOver; j < (i + 1) * vocab; j++) probs[j] *= perRow;
  }
  for (let i = 0; i < rows; i++) {
    if (labels[i] === padId) probs.fill(0, i * vocab, (i + 1) * vocab);
    else probs[i * vocab + labels[i]] -= (1 - smoothing) * perRow;
  }
}

function wasmKernel(): KernelConfig {
  return {
    kernelName: SMOOTHED_CROSS_ENTROPY,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { logits, labels } = args.inputs as { logits: TensorInfo; labels: TensorInfo };
      const backend = asWasm(args.backend);
      // The softmax output is ours alone until returned, so it becomes the gradient in place.
      const probs = getKernel('Softmax', 'wasm')!.kernelFunc({ inputs: { logits }, backend: args.backend, attrs: { dim: 1 } }) as TensorInfo;
      const loss = backend.makeOutput([], 'float32');
      lossAndGradientFromProbs(
        backend.typedArrayFromHeap(probs) as Float32Array,
        backend.typedArrayFromHeap(logits) as Float32Array,
        backend.typedArrayFromHeap(labels),
        logits.shape[1],
        args.attrs as unknown as Attrs,
        backend.typedArrayFromHeap(loss) as Float32Array,
        wasmBlas()?.sgemm,
      );
      return [loss, probs];
    },
  };
}

function jsKernel(): KernelConfig {
  return {
    kernelName: SMOOTHED_CROSS_ENTROPY,
    backendName: 'cpu',
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
  if (!getKernel(SMOOTHED_CROSS_ENTROPY, 'wasm') && getKernel('Softmax', 'wasm')) registerKernel(wasmKernel());
  if (!getKernel(SMOOTHED_CROSS_ENTROPY, 'cpu')) registerKernel(jsKernel());
}

/** The fused loss on the current backend, or undefined where it has no kernel (tfjs-node). */
export function fusedSmoothedCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, smoothing: number, padId: number, smoothOver = logits.shape[1]): tf.Scalar | undefined {
  if (!getKernel(SMOOTHED_CROSS_ENTROPY, tf.getBackend())) return undefined;
  const lossOf = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, y, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [loss, dLogits] = tf.engine().runKernel(SMOOTHED_CROSS_ENTROPY, { logits: x, labels: y }, { smoothing, padId, smoothOver } as never) as tf.Tensor[];
    save([dLogits]);
    return { value: loss, gradFunc: (dy, saved) => [tf.mul(saved[0], dy as tf.Tensor), tf.zerosLike(y)] };
  });
  return lossOf(logits, labels) as tf.Scalar;
}
