// Small models and synthetic tasks for the engine tests: a copy task over a toy vocabulary.
import * as tf from '@tensorflow/tfjs-core';
import { resolveTrainConfig } from '../../src/shared/config/presets';
import type { TrainConfigOverrides } from '../../src/shared/config/train-config';
import { SeededRandom } from '../../src/shared/random/seeded-random';
import { BOS_ID, EOS_ID, PAD_ID } from '../../src/shared/tokenizer/vocab';
import { makeModel } from '../../src/ml/model/encoder-decoder';
import type { EncodedExample } from '../../src/ml/train/batching';

export const TOY_VOCAB = 16; // ids 4..15 are "words"

export function tinyConfig(overrides: TrainConfigOverrides = {}) {
  return resolveTrainConfig('tiny', overrides);
}

export function tinyModel(seed = 7, overrides: TrainConfigOverrides = {}) {
  const config = tinyConfig(overrides);
  return makeModel({ ...config.model, sourceVocabSize: TOY_VOCAB, targetVocabSize: TOY_VOCAB }, seed);
}

/** Copy task: the target is the source sequence itself. */
export function copyExamples(count: number, seed: number, minLength = 2, maxLength = 6): EncodedExample[] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: count }, () => {
    const length = minLength + rng.int(maxLength - minLength + 1);
    const words = Array.from({ length }, () => 4 + rng.int(TOY_VOCAB - 4));
    return { source: Int32Array.from([...words, EOS_ID]), target: Int32Array.from([BOS_ID, ...words, EOS_ID]) };
  });
}

/** A padded [B, S] source batch from rows of ids. */
export function sourceBatch(rows: number[][]): tf.Tensor2D {
  const length = Math.max(...rows.map((r) => r.length));
  return tf.tensor2d(rows.map((r) => [...r, ...new Array(length - r.length).fill(PAD_ID)]), [rows.length, length], 'int32');
}
