// The reverse model of n-best reranking (Yin & Neubig 2019's "reconstructor"): a small
// encoder-decoder that reads code and scores how likely it is to have been written for the
// description, log p(description | code). Its vocabularies are the forward model's, swapped, so its
// examples are the forward examples with source and target exchanged; no second tokenizer exists.
// B candidates · S code length · T description length + 1 · V description vocabulary
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../../shared/config/train-config';
import { BOS_ID, EOS_ID, PAD_ID, UNK_ID } from '../../shared/tokenizer/vocab';
import type { EncodedExample } from '../train/batching';
import { makeModel, type EncoderDecoder, type ModelShape } from '../model/encoder-decoder';

/**
 * The reverse model's size: the small preset's (it only has to tell candidates apart, and it trains
 * beside the main model, so its cost comes out of the main model's steps), with the main dropout.
 */
export function reverseModelConfig(main: ModelConfig): ModelConfig {
  return {
    dModel: 128, encoderLayers: 2, decoderLayers: 2, numHeads: 4, dFF: 512, dropout: main.dropout,
    maxSourceLength: main.maxTargetLength, maxTargetLength: main.maxSourceLength + 1,
    positions: 'sinusoidal', tieWeights: true, norm: 'pre', copy: false,
  };
}

/** The reverse model's shape: code is its source, the description its target. */
export function reverseModelShape(reverse: ModelConfig, forward: ModelShape): ModelShape {
  return {
    ...reverse,
    copy: false,
    sourceVocabSize: forward.targetVocabSize,
    targetVocabSize: forward.sourceVocabSize,
    maxSourceLength: forward.maxTargetLength,
    maxTargetLength: forward.maxSourceLength + 1,
  };
}

export function makeReverseModel(reverse: ModelConfig, forward: ModelShape, seed: number): EncoderDecoder {
  return makeModel(reverseModelShape(reverse, forward), seed);
}

/**
 * A forward example (source = description … EOS, target = BOS code EOS) → the reverse one
 * (source = code … EOS, target = BOS description EOS). The code is what the forward decoder reads
 * (a copied name as its own id or <unk>), never a copy position.
 */
export function reverseExample(forward: EncodedExample): EncodedExample {
  const code = (forward.targetInput ?? forward.target).subarray(1); // … EOS
  return { source: Int32Array.from(code), target: Int32Array.from([BOS_ID, ...forward.source]) };
}

/**
 * A generated candidate's output ids (no BOS/EOS; ids ≥ V are copies of source position id − V)
 * → what the forward decoder would read for them, with EOS: the reverse model's source.
 */
export function candidateCodeIds(ids: readonly number[], sourceIds: Int32Array, forwardVocab: number, copyInputTable: Int32Array | null): Int32Array {
  const read = ids.map((id) => {
    if (id < forwardVocab) return id;
    const sourceId = sourceIds[id - forwardVocab];
    return copyInputTable && sourceId !== undefined && sourceId < copyInputTable.length ? copyInputTable[sourceId] : UNK_ID;
  });
  return Int32Array.from([...read, EOS_ID]);
}

/**
 * log p(description | code) for each code (teacher forced, no dropout): the sum over the
 * description's tokens and its EOS. `sourceIds` is the forward source (description … EOS).
 */
export function reverseLogLikelihoods(reverse: EncoderDecoder, codes: readonly Int32Array[], sourceIds: Int32Array): number[] {
  if (codes.length === 0) return [];
  const limit = reverse.shape.maxSourceLength;
  const rows = codes.map((c) => (c.length > limit ? Int32Array.from([...c.subarray(0, limit - 1), EOS_ID]) : c));
  const width = Math.max(...rows.map((r) => r.length));
  const source = new Int32Array(rows.length * width).fill(PAD_ID);
  rows.forEach((r, i) => source.set(r, i * width));
  const description = [BOS_ID, ...sourceIds].slice(0, reverse.shape.maxTargetLength + 1);
  const input = description.slice(0, -1); // BOS description
  const labels = description.slice(1); // description EOS
  const scores = tf.tidy(() => {
    const src = tf.tensor2d(source, [rows.length, width], 'int32'); // [B, S]
    const tgt = tf.tensor2d(Int32Array.from({ length: rows.length * input.length }, (_, i) => input[i % input.length]), [rows.length, input.length], 'int32'); // [B, T]
    const logProbs = tf.logSoftmax(reverse.forward(src, tgt).logits); // [B, T, V]
    const picked = tf.mul(logProbs, tf.oneHot(tf.tensor1d(labels, 'int32'), reverse.shape.targetVocabSize)); // [B, T, V]
    return tf.sum(picked, [1, 2]); // [B]
  });
  const values = [...(scores.dataSync() as Float32Array)];
  scores.dispose();
  return values;
}
