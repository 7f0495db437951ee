// The decoder stack (paper §3.1): masked self-attention, cross-attention over the encoder memory,
// and a position-wise feed-forward network per layer. `step` runs one new position against a
// key/value cache so generation costs O(t) per token instead of re-running the prefix.
// B batch · T target len · S source len · D model dim · H heads · Dh head dim
import type * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../../shared/config/train-config';
import { DropoutContext, LayerNorm } from './building-blocks';
import { MultiHeadAttention, type KeyValue } from './multi-head-attention';
import type { Parameters } from './parameters';
import { PositionwiseFeedForward } from './positionwise-feed-forward';
import { SublayerConnection } from './sublayer-connection';

export interface DecoderLayerCache {
  /** Keys/values of every position decoded so far: [B, H, t, Dh]; null before the first step. */
  self: KeyValue | null;
  /** Keys/values of the encoder memory: [B, H, S, Dh], computed once per source. */
  memory: KeyValue;
}

export interface DecoderAttention {
  self: tf.Tensor4D; // [B, H, T, T]
  cross: tf.Tensor4D; // [B, H, T, S]
}

export class DecoderLayer {
  readonly selfAttention: MultiHeadAttention;
  readonly crossAttention: MultiHeadAttention;
  private readonly feedForward: PositionwiseFeedForward;
  private readonly sublayers: SublayerConnection[];

  constructor(params: Parameters, path: string, config: ModelConfig) {
    this.selfAttention = new MultiHeadAttention(params, `${path}/selfAttention`, config.dModel, config.numHeads, 'self');
    this.crossAttention = new MultiHeadAttention(params, `${path}/crossAttention`, config.dModel, config.numHeads, 'cross');
    this.feedForward = new PositionwiseFeedForward(params, `${path}/feedForward`, config.dModel, config.dFF);
    this.sublayers = [1, 2, 3].map((i) => new SublayerConnection(params, `${path}/norm${i}`, config));
  }

  /** Teacher-forced pass: x [B, T, D] → [B, T, D]. */
  apply(
    x: tf.Tensor3D, memory: KeyValue, sourceMask: tf.Tensor4D, targetMask: tf.Tensor4D, dropout: DropoutContext,
  ): { output: tf.Tensor3D; attention: DecoderAttention } {
    const attention = {} as DecoderAttention;
    x = this.sublayers[0].apply(x, dropout, (h) => {
      const r = this.selfAttention.selfAttend(h, targetMask, dropout);
      attention.self = r.weights;
      return r.output;
    });
    x = this.sublayers[1].apply(x, dropout, (h) => {
      const r = this.crossAttention.crossAttend(h, memory, sourceMask, dropout);
      attention.cross = r.weights;
      return r.output;
    });
    return { output: this.sublayers[2].apply(x, dropout, (h) => this.feedForward.apply(h, dropout)), attention };
  }

  /** One new position: x [B, 1, D] → [B, 1, D], with the cache grown by one position. */
  step(x: tf.Tensor3D, cache: DecoderLayerCache, sourceMask: tf.Tensor4D): { output: tf.Tensor3D; cache: DecoderLayerCache; attention: DecoderAttention } {
    const off = DropoutContext.off;
    const attention = {} as DecoderAttention;
    let present!: KeyValue;
    x = this.sublayers[0].apply(x, off, (h) => {
      const r = this.selfAttention.selfAttendCached(h, cache.self);
      present = r.present;
      attention.self = r.weights; // [B, H, 1, t + 1]
      return r.output;
    });
    x = this.sublayers[1].apply(x, off, (h) => {
      const r = this.crossAttention.crossAttend(h, cache.memory, sourceMask);
      attention.cross = r.weights; // [B, H, 1, S]
      return r.output;
    });
    const output = this.sublayers[2].apply(x, off, (h) => this.feedForward.apply(h, off));
    return { output, cache: { self: present, memory: cache.memory }, attention };
  }
}

export class Decoder {
  readonly layers: DecoderLayer[];
  private readonly finalNorm?: LayerNorm;

  constructor(params: Parameters, config: ModelConfig) {
    this.layers = Array.from({ length: config.decoderLayers }, (_, i) => new DecoderLayer(params, `decoder/${i}`, config));
    if (config.norm === 'pre') this.finalNorm = new LayerNorm(params, 'decoder/finalNorm', config.dModel);
  }

  /** Cross-attention keys/values of the memory [B, S, D], one per layer. */
  memoryKeyValues(memory: tf.Tensor3D): KeyValue[] {
    return this.layers.map((layer) => layer.crossAttention.memoryKeyValue(memory));
  }

  apply(
    x: tf.Tensor3D, memory: KeyValue[], sourceMask: tf.Tensor4D, targetMask: tf.Tensor4D, dropout: DropoutContext,
  ): { hidden: tf.Tensor3D; attention: DecoderAttention[] } {
    const attention: DecoderAttention[] = [];
    this.layers.forEach((layer, i) => {
      const r = layer.apply(x, memory[i], sourceMask, targetMask, dropout);
      x = r.output;
      attention.push(r.attention);
    });
    return { hidden: this.normalise(x), attention };
  }

  step(x: tf.Tensor3D, caches: DecoderLayerCache[], sourceMask: tf.Tensor4D): { hidden: tf.Tensor3D; caches: DecoderLayerCache[]; attention: DecoderAttention[] } {
    const next: DecoderLayerCache[] = [];
    const attention: DecoderAttention[] = [];
    this.layers.forEach((layer, i) => {
      const r = layer.step(x, caches[i], sourceMask);
      x = r.output;
      next.push(r.cache);
      attention.push(r.attention);
    });
    return { hidden: this.normalise(x), caches: next, attention };
  }

  private normalise(x: tf.Tensor3D): tf.Tensor3D {
    return this.finalNorm ? (this.finalNorm.apply(x) as tf.Tensor3D) : x;
  }
}
