// An exponential moving average of the weights (Polyak averaging, as in Vaswani et al.'s checkpoint
// averaging and TF's ExponentialMovingAverage): evaluation and inference use the average, which
// irons out the step-to-step noise of small batches; training keeps updating the raw weights.
import * as tf from '@tensorflow/tfjs-core';

/** Updates are batched: every UPDATE_EVERY steps the average moves by decay^UPDATE_EVERY (a pass over 7M weights is not free). */
export const UPDATE_EVERY = 10;

export class WeightAverage {
  readonly averages = new Map<string, tf.Variable>();

  constructor(private readonly decay: number, private readonly variables: Map<string, tf.Variable>) {
    for (const [name, variable] of variables) {
      const copy = tf.mul(variable, 1); // its own memory: a variable made from a tensor shares its data
      this.averages.set(name, tf.variable(copy, false));
      copy.dispose();
    }
  }

  /**
   * Called after every optimizer step (`step` = steps done). Keyed on the step alone, so a run
   * resumed from any checkpoint averages exactly as if it had never stopped. Early on the average
   * follows the weights closely (TF's num_updates rule, min(d, (1 + t) / (10 + t))), so the random
   * initial weights fade fast.
   */
  afterStep(step: number): void {
    if (step % UPDATE_EVERY !== 0) return;
    const keep = Math.min(this.decay, (1 + step) / (10 + step)) ** UPDATE_EVERY;
    tf.tidy(() => {
      for (const [name, variable] of this.variables) {
        const average = this.averages.get(name)!;
        average.assign(tf.add(tf.mul(average, keep), tf.mul(variable, 1 - keep)));
      }
    });
  }

  /** Runs `use` with the averaged weights in the model, then puts the trained weights back. */
  withAverage<T>(use: () => T): T {
    const trained = new Map([...this.variables].map(([name, v]) => [name, tf.clone(v)]));
    try {
      for (const [name, v] of this.variables) v.assign(this.averages.get(name)!);
      return use();
    } finally {
      for (const [name, v] of this.variables) v.assign(trained.get(name)!);
      tf.dispose([...trained.values()]);
    }
  }

  dispose(): void {
    for (const v of this.averages.values()) v.dispose();
  }
}
