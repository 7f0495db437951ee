// Length-bucketed batches in a seeded order: pairs are shuffled, cut into pools of 50 batches,
// each pool sorted by length and cut into batches (so a batch holds similar lengths and little
// padding), then the batch order is shuffled. The order of epoch e is a pure function of
// (seed, e), which is what lets a resumed run continue exactly where it stopped.
import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, SeededRandom } from '../../shared/random/seeded-random';
import type { EncodedExample } from '../../shared/codec/pair-codec';
import { PAD_ID } from '../../shared/tokenizer/vocab';

export type { EncodedExample };

export interface BatchTensors {
  source: tf.Tensor2D; // [B, S]
  targetInput: tf.Tensor2D; // [B, T]  target without its last token
  labels: tf.Tensor2D; // [B, T]  target without BOS
  targetTokens: number; // real (non-pad) label tokens
}

const POOL_BATCHES = 50;

/**
 * Epoch `epoch`'s batches, as indices into `examples`. `pool` is the examples the epoch shows (an
 * index may repeat: weighted mixing); by default every example once.
 */
export function epochBatches(examples: EncodedExample[], batchSize: number, seed: number, epoch: number, pool?: readonly number[]): number[][] {
  const rng = new SeededRandom(deriveSeed(seed, 'epoch', epoch));
  const order = rng.shuffle(pool ? [...pool] : examples.map((_, i) => i));
  const batches: number[][] = [];
  const poolSize = batchSize * POOL_BATCHES;
  for (let start = 0; start < order.length; start += poolSize) {
    const lengthPool = order.slice(start, start + poolSize);
    lengthPool.sort((a, b) => examples[a].target.length - examples[b].target.length || examples[a].source.length - examples[b].source.length);
    for (let i = 0; i < lengthPool.length; i += batchSize) batches.push(lengthPool.slice(i, i + batchSize));
  }
  return rng.shuffle(batches);
}

/** Pads the chosen examples into tensors; each batch is only as long as its longest member. */
export function toBatchTensors(examples: EncodedExample[], indices: number[]): BatchTensors {
  const batch = indices.map((i) => examples[i]);
  const sourceLength = Math.max(...batch.map((e) => e.source.length));
  const targetLength = Math.max(...batch.map((e) => e.target.length)) - 1;
  const source = new Int32Array(batch.length * sourceLength).fill(PAD_ID);
  const targetInput = new Int32Array(batch.length * targetLength).fill(PAD_ID);
  const labels = new Int32Array(batch.length * targetLength).fill(PAD_ID);
  let targetTokens = 0;
  batch.forEach((e, row) => {
    source.set(e.source, row * sourceLength);
    // With copy attention a label may be a source position; the decoder reads that token's own id.
    targetInput.set((e.targetInput ?? e.target).subarray(0, e.target.length - 1), row * targetLength);
    labels.set(e.target.subarray(1), row * targetLength);
    targetTokens += e.target.length - 1;
  });
  return {
    source: tf.tensor2d(source, [batch.length, sourceLength], 'int32'),
    targetInput: tf.tensor2d(targetInput, [batch.length, targetLength], 'int32'),
    labels: tf.tensor2d(labels, [batch.length, targetLength], 'int32'),
    targetTokens,
  };
}

export function disposeBatch(batch: BatchTensors): void {
  tf.dispose([batch.source, batch.targetInput, batch.labels]);
}
