// Greedy decoding of a batch of sources with the key/value cache, plus the uncached reference
// (re-running the whole prefix each step, as the seed projects do) that tests compare it with.
import * as tf from '@tensorflow/tfjs-core';
import { BOS_ID, EOS_ID } from '../../shared/tokenizer/vocab';
import type { EncoderDecoder } from '../model/encoder-decoder';
import type { DecodedSequence } from './decode-options';

/** source [B, S] → one sequence per row. `forceLength` ignores EOS and always decodes maxLength tokens (benchmarks). */
export function greedyDecode(model: EncoderDecoder, source: tf.Tensor2D, maxLength = model.shape.maxTargetLength, forceLength = false): DecodedSequence[] {
  const rows = source.shape[0];
  const results: DecodedSequence[] = Array.from({ length: rows }, () => ({ ids: [], logProb: 0, finished: false }));
  let state = model.startDecoding(source);
  let tokens = new Int32Array(rows).fill(BOS_ID);
  for (let t = 0; t < Math.min(maxLength, model.shape.maxTargetLength); t++) {
    const step = model.decodeStep(state, tokens);
    model.disposeSelfCaches(state);
    state = step.state;
    const [best, bestLogProb] = tf.tidy(() => [tf.argMax(step.logProbs, 1), tf.max(step.logProbs, 1)]);
    const ids = best.dataSync() as Int32Array;
    const logProbs = bestLogProb.dataSync();
    tf.dispose([best, bestLogProb, step.logProbs]);
    results.forEach((r, b) => {
      if (r.finished) return;
      r.logProb += logProbs[b];
      if (ids[b] === EOS_ID && !forceLength) r.finished = true;
      else r.ids.push(ids[b]);
    });
    tokens = Int32Array.from(ids);
    if (results.every((r) => r.finished)) break;
  }
  model.disposeDecoding(state);
  return results;
}

/** The same greedy search without a cache: the full decoder runs over the prefix at every step. */
export function greedyDecodeUncached(model: EncoderDecoder, source: tf.Tensor2D, maxLength = model.shape.maxTargetLength): number[][] {
  const rows = source.shape[0];
  const prefixes = Array.from({ length: rows }, () => [BOS_ID]);
  const done = new Array<boolean>(rows).fill(false);
  for (let t = 0; t < Math.min(maxLength, model.shape.maxTargetLength) && !done.every(Boolean); t++) {
    const next = tf.tidy(() => {
      const input = tf.tensor2d(prefixes.flat(), [rows, t + 1], 'int32');
      const { logits } = model.forward(source, input); // [B, t+1, V]
      return tf.argMax(tf.squeeze(tf.slice(logits, [0, t, 0], [rows, 1, -1]), [1]), 1);
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
