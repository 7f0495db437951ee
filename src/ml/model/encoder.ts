// The encoder stack (paper §3.1): N identical layers of self-attention and a position-wise
// feed-forward network, each wrapped in a residual connection with layer normalisation.
// B batch · S source len · D model dim · H heads
import type * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../../shared/config/train-config';
import { LayerNorm, type DropoutContext } from './building-blocks';
import { MultiHeadAttention } from './multi-head-attention';
import type { Parameters } from './parameters';
import { PositionwiseFeedForward } from './positionwise-feed-forward';
import { SublayerConnection } from './sublayer-connection';

export class EncoderLayer {
  private readonly selfAttention: MultiHeadAttention;
  private readonly feedForward: PositionwiseFeedForward;
  private readonly attentionSublayer: SublayerConnection;
  private readonly feedForwardSublayer: SublayerConnection;

  constructor(params: Parameters, path: string, config: ModelConfig) {
    this.selfAttention = new MultiHeadAttention(params, `${path}/selfAttention`, config.dModel, config.numHeads, 'self');
    this.feedForward = new PositionwiseFeedForward(params, `${path}/feedForward`, config.dModel, config.dFF);
    this.attentionSublayer = new SublayerConnection(params, `${path}/norm1`, config);
    this.feedForwardSublayer = new SublayerConnection(params, `${path}/norm2`, config);
  }

  /** x [B, S, D], mask [B, 1, 1, S] → output [B, S, D], attention [B, H, S, S] */
  apply(x: tf.Tensor3D, mask: tf.Tensor4D, dropout: DropoutContext): { output: tf.Tensor3D; attention: tf.Tensor4D } {
    let attention!: tf.Tensor4D;
    const afterAttention = this.attentionSublayer.apply(x, dropout, (h) => {
      const result = this.selfAttention.selfAttend(h, mask, dropout);
      attention = result.weights;
      return result.output;
    });
    const output = this.feedForwardSublayer.apply(afterAttention, dropout, (h) => this.feedForward.apply(h, dropout));
    return { output, attention };
  }
}

export class Encoder {
  private readonly layers: EncoderLayer[];
  private readonly finalNorm?: LayerNorm; // pre-norm stacks end with one more normalisation

  constructor(params: Parameters, config: ModelConfig) {
    this.layers = Array.from({ length: config.encoderLayers }, (_, i) => new EncoderLayer(params, `encoder/${i}`, config));
    if (config.norm === 'pre') this.finalNorm = new LayerNorm(params, 'encoder/finalNorm', config.dModel);
  }

  /** x [B, S, D] → memory [B, S, D] and one attention map [B, H, S, S] per layer */
  apply(x: tf.Tensor3D, mask: tf.Tensor4D, dropout: DropoutContext): { memory: tf.Tensor3D; attention: tf.Tensor4D[] } {
    const attention: tf.Tensor4D[] = [];
    for (const layer of this.layers) {
      const result = layer.apply(x, mask, dropout);
      x = result.output;
      attention.push(result.attention);
    }
    return { memory: this.finalNorm ? (this.finalNorm.apply(x) as tf.Tensor3D) : x, attention };
  }
}
