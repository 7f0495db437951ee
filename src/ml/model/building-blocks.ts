// The small pieces every sub-layer is made of: a dense projection (one fused matMul + bias),
// layer normalisation, and seeded dropout. Shapes: B batch · L length · D model dim.
import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed } from '../../shared/random/seeded-random';
import { seededDropout } from '../kernels/dropout-mask';
import { fusedLayerNorm } from '../kernels/layer-norm';
import type { Parameters } from './parameters';

export class Linear {
  readonly weight: tf.Variable; // [in, out]
  readonly bias: tf.Variable; // [out]

  constructor(params: Parameters, path: string, inputDim: number, outputDim: number) {
    this.weight = params.glorot(`${path}/weight`, [inputDim, outputDim]);
    this.bias = params.constant(`${path}/bias`, [outputDim], 0);
  }

  /** x [..., in] → [..., out] */
  apply(x: tf.Tensor, activation: 'linear' | 'relu' = 'linear'): tf.Tensor {
    const inputDim = x.shape[x.shape.length - 1];
    const flat = tf.reshape(x, [-1, inputDim]) as tf.Tensor2D; // [N, in]
    const y = tf.fused.matMul({ a: flat, b: this.weight as tf.Tensor2D, bias: this.bias, activation }); // [N, out]
    return tf.reshape(y, [...x.shape.slice(0, -1), this.weight.shape[1] as number]);
  }
}

export class LayerNorm {
  readonly gain: tf.Variable; // [D]  (γ)
  readonly bias: tf.Variable; // [D]  (β)

  constructor(params: Parameters, path: string, dim: number, private readonly epsilon = 1e-6) {
    this.gain = params.constant(`${path}/gain`, [dim], 1);
    this.bias = params.constant(`${path}/bias`, [dim], 0);
  }

  /** x [..., D] → [..., D] */
  apply(x: tf.Tensor): tf.Tensor {
    // One kernel each way on wasm and the plain JS backend (kernels/layer-norm.ts), else TF.js ops.
    return fusedLayerNorm(x, this.gain, this.bias, this.epsilon) ?? composedLayerNorm(x, this.gain, this.bias, this.epsilon);
  }
}

/** Layer norm from TF.js ops: x [..., D], γ and β [D]. */
export function composedLayerNorm(x: tf.Tensor, gain: tf.Tensor, bias: tf.Tensor, epsilon: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
  return tf.add(tf.mul(normalised, gain), bias);
}

/**
 * Dropout whose masks are a pure function of (run seed, step, call order), so a resumed run
 * draws exactly the masks the uninterrupted run would have drawn. `rate` 0 means evaluation.
 */
export class DropoutContext {
  private calls = 0;

  constructor(readonly rate: number, private readonly seed: number, private readonly step: number) {}

  static readonly off = new DropoutContext(0, 0, 0);

  apply(x: tf.Tensor): tf.Tensor {
    if (this.rate <= 0) return x;
    return seededDropout(x, this.rate, deriveSeed(this.seed, 'dropout', this.step, this.calls++));
  }
}
