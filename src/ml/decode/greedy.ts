// Greedy decoding of a batch of sources with the key/value cache, plus the uncached reference
// (re-running the whole prefix each step, as the seed projects do) that tests compare it with.
import * as tf from '@tensorflow/tfjs-core';
import { BOS_ID, EOS_ID, UNK_ID } from '../../shared/tokenizer/vocab';
import { MASKED } from '../model/masks';
import type { EncoderDecoder } from '../model/encoder-decoder';
import type { DecodedSequence, StepOptions } from './decode-options';
import { decodeRows, decodeRowSteps, type ChooseTokens, type RowStep } from './decode-rows';

/** source [B, S] → one sequence per row. `forceLength` ignores EOS and always decodes maxLength tokens (benchmarks). */
export function greedyDecode(model: EncoderDecoder, source: tf.Tensor2D, maxLength = model.shape.maxTargetLength, forceLength = false): DecodedSequence[] {
  return decodeRows(model, source, chooseMostLikely, maxLength, forceLength);
}

/** The same, step by step (the playground streams these). */
export function greedySteps(model: EncoderDecoder, source: tf.Tensor2D, maxLength = model.shape.maxTargetLength, options: StepOptions = {}): Generator<RowStep, DecodedSequence[]> {
  return decodeRowSteps(model, source, chooseMostLikely, maxLength, options);
}

const chooseMostLikely: ChooseTokens = (logProbs) => {
  const [best, bestLogProb] = tf.tidy(() => [tf.argMax(logProbs, 1), tf.max(logProbs, 1)]);
  const chosen = { ids: Int32Array.from(best.dataSync()), logProbs: bestLogProb.dataSync() };
  tf.dispose([best, bestLogProb]);
  return chosen;
};

/** The same greedy search without a cache: the full decoder runs over the prefix at every step. */
export function greedyDecodeUncached(model: EncoderDecoder, source: tf.Tensor2D, maxLength = model.shape.maxTargetLength, prefix: readonly number[] = []): number[][] {
  const rows = source.shape[0];
  const prefixes = Array.from({ length: rows }, () => [BOS_ID, ...prefix]);
  const done = new Array<boolean>(rows).fill(false);
  for (let t = prefix.length; t < Math.min(maxLength, model.shape.maxTargetLength) && !done.every(Boolean); t++) {
    const next = tf.tidy(() => {
      const input = tf.tensor2d(prefixes.flat(), [rows, t + 1], 'int32');
      const { logits } = model.forward(source, input); // [B, t+1, W]
      const last = tf.squeeze(tf.slice(logits, [0, t, 0], [rows, 1, -1]), [1]) as tf.Tensor2D; // [B, W]
      const unknown = tf.oneHot(tf.tensor1d([UNK_ID], 'int32'), last.shape[1]).mul(MASKED); // [1, W]: <unk> is never written, as in decodeStep
      return tf.argMax(tf.add(last, unknown), 1);
    });
    const ids = next.dataSync();
    next.dispose();
    prefixes.forEach((p, b) => {
      if (!done[b] && ids[b] === EOS_ID) done[b] = true;
      p.push(done[b] ? EOS_ID : ids[b]);
    });
  }
  return prefixes.map((p) => {
    const body = p.slice(1);
    const end = body.indexOf(EOS_ID);
    return end === -1 ? body : body.slice(0, end);
  });
}
