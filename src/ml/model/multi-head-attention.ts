// Multi-head scaled dot-product attention (Vaswani et al. 2017, §3.2), built from matMul,
// softmax, reshape and transpose so that it has gradients on every backend.
// Self-attention projects Q, K and V with one fused [D, 3D] matMul; cross-attention projects
// Q from the decoder and K, V together ([D, 2D]) from the encoder memory.
// B batch · T query len · S key len · D model dim · H heads · Dh = D / H
import * as tf from '@tensorflow/tfjs-core';
import { Linear, type DropoutContext } from './building-blocks';
import type { Parameters } from './parameters';

/** Keys and values already split into heads: [B, H, S, Dh] each. */
export interface KeyValue {
  keys: tf.Tensor4D;
  values: tf.Tensor4D;
}

export interface AttentionOutput {
  output: tf.Tensor3D; // [B, T, D]
  weights: tf.Tensor4D; // [B, H, T, S]
}

export class MultiHeadAttention {
  private readonly headDim: number;
  private readonly queryProjection?: Linear; // cross-attention only: [D, D]
  private readonly keyValueProjection?: Linear; // cross-attention only: [D, 2D]
  private readonly fusedProjection?: Linear; // self-attention only: [D, 3D]
  private readonly outputProjection: Linear; // W^O: [D, D]

  constructor(
    params: Parameters,
    path: string,
    private readonly dModel: number,
    private readonly numHeads: number,
    readonly kind: 'self' | 'cross',
  ) {
    this.headDim = dModel / numHeads;
    if (kind === 'self') {
      this.fusedProjection = new Linear(params, `${path}/qkv`, dModel, 3 * dModel);
    } else {
      this.queryProjection = new Linear(params, `${path}/q`, dModel, dModel);
      this.keyValueProjection = new Linear(params, `${path}/kv`, dModel, 2 * dModel);
    }
    this.outputProjection = new Linear(params, `${path}/out`, dModel, dModel);
  }

  /** Self-attention over x [B, T, D]; mask broadcastable to [B, H, T, T]. */
  selfAttend(x: tf.Tensor3D, mask: tf.Tensor | null, dropout: DropoutContext): AttentionOutput {
    const { query, keyValue } = this.projectSelf(x);
    return this.attend(query, keyValue, mask, dropout);
  }

  /**
   * One decoding step of self-attention with a key/value cache: x [B, 1, D] is the newest
   * position; its keys/values are appended to `past` ([B, H, t, Dh]), and the result attends
   * over all t + 1 positions. No mask: the cache holds only the past.
   */
  selfAttendCached(x: tf.Tensor3D, past: KeyValue | null): AttentionOutput & { present: KeyValue } {
    const { query, keyValue } = this.projectSelf(x);
    const present = past
      ? { keys: tf.concat([past.keys, keyValue.keys], 2) as tf.Tensor4D, values: tf.concat([past.values, keyValue.values], 2) as tf.Tensor4D }
      : keyValue;
    return { ...this.attend(query, present, null, undefined), present };
  }

  /** Cross-attention: queries from the decoder [B, T, D] over precomputed memory keys/values. */
  crossAttend(x: tf.Tensor3D, memory: KeyValue, mask: tf.Tensor | null, dropout?: DropoutContext): AttentionOutput {
    const query = this.splitHeads(this.queryProjection!.apply(x) as tf.Tensor3D);
    return this.attend(query, memory, mask, dropout);
  }

  /** Encoder memory [B, S, D] → its keys and values for cross-attention, computed once per source. */
  memoryKeyValue(memory: tf.Tensor3D): KeyValue {
    const [keys, values] = this.splitPackedHeads(this.keyValueProjection!.apply(memory) as tf.Tensor3D, 2); // [B, S, 2D] → 2 × [B, H, S, Dh]
    return { keys, values };
  }

  private projectSelf(x: tf.Tensor3D): { query: tf.Tensor4D; keyValue: KeyValue } {
    const [query, keys, values] = this.splitPackedHeads(this.fusedProjection!.apply(x) as tf.Tensor3D, 3); // [B, T, 3D] → 3 × [B, H, T, Dh]
    return { query, keyValue: { keys, values } };
  }

  /**
   * [B, L, P·D] holding P projections side by side → P × [B, H, L, Dh], with one transpose and
   * contiguous unstacking (splitting the last axis first would copy strided slices).
   */
  private splitPackedHeads(x: tf.Tensor3D, parts: number): tf.Tensor4D[] {
    const [batch, length] = x.shape;
    const grouped = tf.reshape(x, [batch, length, parts, this.numHeads, this.headDim]); // [B, L, P, H, Dh]
    return tf.unstack(tf.transpose(grouped, [2, 0, 3, 1, 4])) as tf.Tensor4D[]; // P × [B, H, L, Dh]
  }

  private attend(query: tf.Tensor4D, kv: KeyValue, mask: tf.Tensor | null, dropout?: DropoutContext): AttentionOutput {
    const [batch, , length] = query.shape;
    let scores = tf.mul(tf.matMul(query, kv.keys, false, true), 1 / Math.sqrt(this.headDim)); // [B, H, T, S]
    if (mask) scores = tf.add(scores, mask);
    const weights = tf.softmax(scores) as tf.Tensor4D; // [B, H, T, S], rows sum to 1
    const attended = dropout ? dropout.apply(weights) : weights;
    const context = tf.matMul(attended as tf.Tensor4D, kv.values); // [B, H, T, Dh]
    const merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batch, length, this.dModel]) as tf.Tensor3D; // [B, T, D]
    return { output: this.outputProjection.apply(merged) as tf.Tensor3D, weights };
  }

  /** [B, L, D] → [B, H, L, Dh] */
  private splitHeads(x: tf.Tensor3D): tf.Tensor4D {
    const [batch, length] = x.shape;
    return tf.transpose(tf.reshape(x, [batch, length, this.numHeads, this.headDim]), [0, 2, 1, 3]) as tf.Tensor4D;
  }
}
