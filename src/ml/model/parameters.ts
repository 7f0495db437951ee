// Every trainable tensor of a model, by a stable path ("encoder/0/selfAttention/wQKV"), created
// with seeded initialisers so two models built with the same seed are identical. Paths are what
// checkpoints store; the TF.js variable names get a per-instance prefix because TF.js refuses two
// variables with one name in a process (tests and the studio hold several models at once).
import * as tf from '@tensorflow/tfjs-core';
import { SeededRandom } from '../../shared/random/seeded-random';

let instanceCounter = 0;

export class Parameters {
  private readonly byPath = new Map<string, tf.Variable>();
  private readonly prefix = `m${++instanceCounter}`;
  private readonly rng: SeededRandom;

  constructor(seed: number) {
    this.rng = new SeededRandom(seed);
  }

  /** Glorot/Xavier uniform: U(-a, a), a = sqrt(6 / (fanIn + fanOut)). */
  glorot(path: string, shape: [number, number]): tf.Variable {
    const limit = Math.sqrt(6 / (shape[0] + shape[1]));
    return this.fromFunction(path, shape, () => (this.rng.next() * 2 - 1) * limit);
  }

  normal(path: string, shape: number[], std: number): tf.Variable {
    return this.fromFunction(path, shape, () => this.rng.normal() * std);
  }

  constant(path: string, shape: number[], value: number): tf.Variable {
    return this.add(path, tf.fill(shape, value));
  }

  get(path: string): tf.Variable {
    const v = this.byPath.get(path);
    if (!v) throw new Error(`No parameter "${path}"`);
    return v;
  }

  entries(): [string, tf.Variable][] {
    return [...this.byPath.entries()];
  }

  /** Total number of scalars. */
  count(): number {
    let n = 0;
    for (const v of this.byPath.values()) n += v.size;
    return n;
  }

  dispose(): void {
    for (const v of this.byPath.values()) v.dispose();
    this.byPath.clear();
  }

  private fromFunction(path: string, shape: number[], draw: () => number): tf.Variable {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = draw();
    return this.add(path, tf.tensor(values, shape));
  }

  private add(path: string, initial: tf.Tensor): tf.Variable {
    if (this.byPath.has(path)) throw new Error(`Parameter "${path}" defined twice`);
    const v = tf.variable(initial, true, `${this.prefix}/${path}`);
    initial.dispose();
    this.byPath.set(path, v);
    return v;
  }
}
