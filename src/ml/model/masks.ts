// Attention masks as additive biases: 0 where attention is allowed, a large negative number
// where it is not, added to the scores before the softmax. Shapes broadcast to [B, H, T, S].
import * as tf from '@tensorflow/tfjs-core';
import { PAD_ID } from '../../shared/tokenizer/vocab';

export const MASKED = -1e9;

/** ids [B, S] → [B, 1, 1, S]: hides padding keys. */
export function paddingMask(ids: tf.Tensor2D): tf.Tensor4D {
  const [batch, length] = ids.shape;
  return tf.reshape(tf.mul(tf.cast(tf.equal(ids, PAD_ID), 'float32'), MASKED), [batch, 1, 1, length]);
}

/** [1, 1, T, T]: position i may attend to positions ≤ i only (the decoder must not see the future). */
export function subsequentMask(length: number): tf.Tensor4D {
  return tf.tidy(() => {
    const lower = tf.linalg.bandPart(tf.ones([length, length]), -1, 0); // 1 on and below the diagonal
    return tf.reshape(tf.mul(tf.sub(1, lower), MASKED), [1, 1, length, length]);
  });
}
