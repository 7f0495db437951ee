// Label-smoothed cross-entropy over non-padding target positions (paper §5.4):
// loss = (1 − ε)·(−log p[target]) + ε·mean_v(−log p[v]).
// On wasm and the plain JS backend one fused kernel computes it with its gradient
// (kernels/smoothed-cross-entropy.ts); elsewhere it is composed from TF.js ops, picking the target
// log-probability with a gather on the flattened log-probs, so no [N, V] one-hot is built.
// B batch · T target len · V vocab · N = B·T
import * as tf from '@tensorflow/tfjs-core';
import { PAD_ID } from '../../shared/tokenizer/vocab';
import { fusedSmoothedCrossEntropy } from '../kernels/smoothed-cross-entropy';

/**
 * logits [B, T, W], labels [B, T] (int32) → scalar mean loss over real tokens. The smoothing mass
 * goes to the first `smoothOver` columns (the vocabulary; with copy attention the rest of W are
 * source positions).
 */
export function labelSmoothedCrossEntropy(logits: tf.Tensor3D, labels: tf.Tensor2D, smoothing: number, smoothOver = logits.shape[2]): tf.Scalar {
  const width = logits.shape[2];
  const n = logits.shape[0] * logits.shape[1];
  const flatLogits = tf.reshape(logits, [n, width]) as tf.Tensor2D; // [N, W]
  const flatLabels = tf.reshape(labels, [n]) as tf.Tensor1D; // [N]
  return fusedSmoothedCrossEntropy(flatLogits, flatLabels, smoothing, PAD_ID, smoothOver) ?? composedCrossEntropy(flatLogits, flatLabels, smoothing, smoothOver);
}

/** The same loss from TF.js ops: logits [N, W], labels [N]. Exported for tests. */
export function composedCrossEntropy(flatLogits: tf.Tensor2D, flatLabels: tf.Tensor1D, smoothing: number, smoothOver = flatLogits.shape[1]): tf.Scalar {
  const [n, vocab] = flatLogits.shape;
  const logProbs = tf.logSoftmax(flatLogits) as tf.Tensor2D; // [N, W]
  const positions = tf.add(tf.mul(tf.range(0, n, 1, 'int32'), tf.scalar(vocab, 'int32')), flatLabels); // [N] index into N·W
  const targetLogProb = tf.gather(tf.reshape(logProbs, [n * vocab]), positions); // [N]
  let perToken = tf.neg(targetLogProb); // [N]
  const smoothed = smoothOver < vocab ? tf.slice(logProbs, [0, 0], [n, smoothOver]) : logProbs; // [N, V]
  if (smoothing > 0) perToken = tf.add(tf.mul(perToken, 1 - smoothing), tf.mul(tf.neg(tf.mean(smoothed, 1)), smoothing));
  const real = tf.cast(tf.notEqual(flatLabels, PAD_ID), 'float32'); // [N]
  return tf.div(tf.sum(tf.mul(perToken, real)), tf.maximum(tf.sum(real), 1)) as tf.Scalar;
}
