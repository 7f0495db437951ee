// Adam (Kingma & Ba 2015) with optional decoupled weight decay (AdamW) and global-norm gradient
// clipping. Written out rather than using tf.train.adam so that the learning rate can change
// every step and the moment estimates can be saved and restored exactly for resume.
import * as tf from '@tensorflow/tfjs-core';
import { fusedAdamStep, hasFusedAdam, sumOfSquares } from '../kernels/adam-update';

export interface AdamSettings {
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  clipNorm: number;
}

export class Adam {
  /** Completed updates; bias correction uses it. */
  step = 0;
  readonly firstMoments = new Map<string, tf.Variable>(); // m
  readonly secondMoments = new Map<string, tf.Variable>(); // v

  constructor(private readonly settings: AdamSettings, private readonly variables: Map<string, tf.Variable>) {
    const zerosVariable = (like: tf.Variable) => {
      const zeros = tf.zerosLike(like);
      const v = tf.variable(zeros, false); // the variable keeps the data; the initial tensor can go
      zeros.dispose();
      return v;
    };
    for (const [name, variable] of variables) {
      this.firstMoments.set(name, zerosVariable(variable));
      this.secondMoments.set(name, zerosVariable(variable));
    }
  }

  /**
   * Applies one update. `gradients` is keyed by TF.js variable name (as tf.variableGrads returns it).
   * Returns the gradients' global norm before clipping (a scalar tensor the caller disposes).
   */
  apply(gradients: tf.NamedTensorMap, learningRate: number): tf.Scalar {
    this.step += 1;
    const { beta1, beta2, epsilon, weightDecay, clipNorm } = this.settings;
    const correction1 = 1 - beta1 ** this.step;
    const correction2 = 1 - beta2 ** this.step;
    if (hasFusedAdam()) return this.applyFused(gradients, learningRate, correction1, correction2);
    return tf.tidy(() => {
      const squares = Object.values(gradients).map((g) => tf.sum(tf.square(g)));
      const globalNorm = tf.sqrt(tf.addN(squares)) as tf.Scalar;
      const scale = clipNorm > 0 ? tf.minimum(1, tf.div(clipNorm, tf.add(globalNorm, 1e-6))) : tf.scalar(1);
      for (const [name, variable] of this.variables) {
        const gradient = gradients[variable.name];
        if (!gradient) continue;
        const g = tf.mul(gradient, scale);
        const m = this.firstMoments.get(name)!;
        const v = this.secondMoments.get(name)!;
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        let update = tf.div(tf.div(m, correction1), tf.add(tf.sqrt(tf.div(v, correction2)), epsilon));
        if (weightDecay > 0 && variable.rank > 1) update = tf.add(update, tf.mul(variable, weightDecay));
        variable.assign(tf.sub(variable, tf.mul(update, learningRate)));
      }
      return globalNorm;
    });
  }

  /** The same update with one kernel per tensor (wasm, plain JS: see kernels/adam-update.ts). */
  private applyFused(gradients: tf.NamedTensorMap, learningRate: number, correction1: number, correction2: number): tf.Scalar {
    const { beta1, beta2, epsilon, weightDecay, clipNorm } = this.settings;
    const globalNorm = tf.tidy(() => tf.sqrt(tf.addN(Object.values(gradients).map(sumOfSquares))) as tf.Scalar);
    const norm = globalNorm.dataSync()[0];
    const gradientScale = clipNorm > 0 ? Math.min(1, clipNorm / (norm + 1e-6)) : 1;
    for (const [name, variable] of this.variables) {
      const gradient = gradients[variable.name];
      if (!gradient) continue;
      const m = this.firstMoments.get(name)!;
      const v = this.secondMoments.get(name)!;
      const decay = weightDecay > 0 && variable.rank > 1 ? weightDecay : 0;
      const next = fusedAdamStep(variable, gradient, m, v, { learningRate, beta1, beta2, epsilon, correction1, correction2, weightDecay: decay, gradientScale });
      variable.assign(next[0]);
      m.assign(next[1]);
      v.assign(next[2]);
      tf.dispose(next);
    }
    return globalNorm;
  }

  dispose(): void {
    for (const v of [...this.firstMoments.values(), ...this.secondMoments.values()]) v.dispose();
  }
}
