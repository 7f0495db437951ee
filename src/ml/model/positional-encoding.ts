// Position information added to token embeddings: the paper's fixed sinusoids
// PE(pos, 2i) = sin(pos / 10000^(2i/D)), PE(pos, 2i+1) = cos(…), or a learned table.
import * as tf from '@tensorflow/tfjs-core';
import type { Parameters } from './parameters';

export function sinusoidTable(maxLength: number, dModel: number): Float32Array {
  const table = new Float32Array(maxLength * dModel);
  for (let pos = 0; pos < maxLength; pos++) {
    for (let i = 0; i < dModel; i += 2) {
      const angle = pos / Math.pow(10000, i / dModel);
      table[pos * dModel + i] = Math.sin(angle);
      if (i + 1 < dModel) table[pos * dModel + i + 1] = Math.cos(angle);
    }
  }
  return table;
}

export class PositionalEncoding {
  private readonly table: tf.Tensor2D; // [maxLength, D]
  private readonly learned: boolean;

  constructor(params: Parameters, path: string, kind: 'sinusoidal' | 'learned', readonly maxLength: number, dModel: number) {
    this.learned = kind === 'learned';
    this.table = this.learned
      ? (params.normal(`${path}/table`, [maxLength, dModel], 0.02) as tf.Tensor2D)
      : tf.keep(tf.tensor2d(sinusoidTable(maxLength, dModel), [maxLength, dModel]));
  }

  /** Rows [offset, offset + length) of the table: [length, D]. */
  slice(offset: number, length: number): tf.Tensor2D {
    if (offset + length > this.maxLength) {
      throw new Error(`Sequence of ${offset + length} positions exceeds the model's maximum of ${this.maxLength}`);
    }
    return tf.slice(this.table, [offset, 0], [length, -1]);
  }

  dispose(): void {
    if (!this.learned) this.table.dispose();
  }
}
