// The residual wrapper around every sub-layer. 'post' is the paper's LayerNorm(x + Dropout(Sublayer(x)));
// 'pre' is x + Dropout(Sublayer(LayerNorm(x))), which needs no careful warmup on small data.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../../shared/config/train-config';
import { LayerNorm, type DropoutContext } from './building-blocks';
import type { Parameters } from './parameters';

export class SublayerConnection {
  private readonly norm: LayerNorm;

  constructor(params: Parameters, path: string, private readonly config: Pick<ModelConfig, 'dModel' | 'norm'>) {
    this.norm = new LayerNorm(params, path, config.dModel);
  }

  /** x [B, L, D] → [B, L, D] */
  apply(x: tf.Tensor3D, dropout: DropoutContext, sublayer: (h: tf.Tensor3D) => tf.Tensor3D): tf.Tensor3D {
    if (this.config.norm === 'pre') {
      return tf.add(x, dropout.apply(sublayer(this.norm.apply(x) as tf.Tensor3D)));
    }
    return this.norm.apply(tf.add(x, dropout.apply(sublayer(x)))) as tf.Tensor3D;
  }
}
