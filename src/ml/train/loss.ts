// Label-smoothed cross-entropy over non-padding target positions (paper §5.4):
// loss = (1 − ε)·(−log p[target]) + ε·mean_v(−log p[v]).
// On wasm and the plain JS backend one fused kernel computes it with its gradient
// (kernels/smoothed-cross-entropy.ts); elsewhere it is composed from TF.js ops, picking the target
// log-probability with a gather on the flattened log-probs, so no [N, V] one-hot is built.
// B batch · T target len · V vocab · N = B·T
import * as tf from '@tensorflow/tfjs-core';
import { PAD_ID } from '../../shared/tokenizer/vocab';
import { fusedSmoothedCrossEntropy } from '../kernels/smoothed-cross-entropy';

/** logits [B, T, V], labels [B, T] (int32) → scalar mean loss over real tokens. */
export function labelSmoothedCrossEntropy(logits: tf.Tensor3D, labels: tf.Tensor2D, smoothing: number): tf.Scalar {
  const vocab = logits.shape[2];
  const n = logits.shape[0] * logits.shape[1];
  const flatLogits = tf.reshape(logits, [n, vocab]) as tf.Tensor2D; // [N, V]
  const flatLabels = tf.reshape(labels, [n]) as tf.Tensor1D; // [N]
  return fusedSmoothedCrossEntropy(flatLogits, flatLabels, smoothing, PAD_ID) ?? composedCrossEntropy(flatLogits, flatLabels, smoothing);
}

/** The same loss from TF.js ops: logits [N, V], labels [N]. Exported for tests. */
export function composedCrossEntropy(flatLogits: tf.Tensor2D, flatLabels: tf.Tensor1D, smoothing: number): tf.Scalar {
  const [n, vocab] = flatLogits.shape;
  const logProbs = tf.logSoftmax(flatLogits) as tf.Tensor2D; // [N, V]
  const positions = tf.add(tf.mul(tf.range(0, n, 1, 'int32'), tf.scalar(vocab, 'int32')), flatLabels); // [N] index into N·V
  const targetLogProb = tf.gather(tf.reshape(logProbs, [n * vocab]), positions); // [N]
  let perToken = tf.neg(targetLogProb); // [N]
  if (smoothing > 0) perToken = tf.add(tf.mul(perToken, 1 - smoothing), tf.mul(tf.neg(tf.mean(logProbs, 1)), smoothing));
  const real = tf.cast(tf.notEqual(flatLabels, PAD_ID), 'float32'); // [N]
  return tf.div(tf.sum(tf.mul(perToken, real)), tf.maximum(tf.sum(real), 1)) as tf.Scalar;
}
