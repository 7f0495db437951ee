// FFN(x) = max(0, x·W1 + b1)·W2 + b2, applied to each position separately (paper §3.3).
// B batch · L length · D model dim · F = dFF
import type * as tf from '@tensorflow/tfjs-core';
import { Linear, type DropoutContext } from './building-blocks';
import type { Parameters } from './parameters';

export class PositionwiseFeedForward {
  private readonly inner: Linear; // [D, F]
  private readonly outer: Linear; // [F, D]

  constructor(params: Parameters, path: string, dModel: number, dFF: number) {
    this.inner = new Linear(params, `${path}/inner`, dModel, dFF);
    this.outer = new Linear(params, `${path}/outer`, dFF, dModel);
  }

  /** x [B, L, D] → [B, L, D] */
  apply(x: tf.Tensor3D, dropout: DropoutContext): tf.Tensor3D {
    const hidden = dropout.apply(this.inner.apply(x, 'relu')); // [B, L, F]
    return this.outer.apply(hidden) as tf.Tensor3D;
  }
}
