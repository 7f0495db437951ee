// The token-by-token loop shared by greedy decoding and sampling: encode once, feed each row's
// newest token through the cached decoder, let a strategy pick the next token of every row, stop
// when every row has ended. Beam search has its own loop (its rows are hypotheses, not sources).
import type * as tf from '@tensorflow/tfjs-core';
import { BOS_ID, EOS_ID } from '../../shared/tokenizer/vocab';
import type { EncoderDecoder } from '../model/encoder-decoder';
import type { DecodedSequence } from './decode-options';

/** Picks the next token of each row from log-probabilities [B, V]; rows already finished may get any id. */
export type ChooseTokens = (logProbs: tf.Tensor2D, finished: readonly boolean[]) => { ids: Int32Array; logProbs: ArrayLike<number> };

/** source [B, S] → one sequence per row. `forceLength` ignores EOS and always decodes maxLength tokens (benchmarks). */
export function decodeRows(model: EncoderDecoder, source: tf.Tensor2D, choose: ChooseTokens, maxLength = model.shape.maxTargetLength, forceLength = false): DecodedSequence[] {
  const rows = source.shape[0];
  const results: DecodedSequence[] = Array.from({ length: rows }, () => ({ ids: [], logProb: 0, finished: false }));
  let state = model.startDecoding(source);
  let tokens = new Int32Array(rows).fill(BOS_ID);
  for (let t = 0; t < Math.min(maxLength, model.shape.maxTargetLength); t++) {
    const step = model.decodeStep(state, tokens);
    model.disposeSelfCaches(state);
    state = step.state;
    const chosen = choose(step.logProbs, results.map((r) => r.finished));
    step.logProbs.dispose();
    results.forEach((r, b) => {
      if (r.finished) return;
      r.logProb += chosen.logProbs[b];
      if (chosen.ids[b] === EOS_ID && !forceLength) r.finished = true;
      else r.ids.push(chosen.ids[b]);
    });
    tokens = Int32Array.from(chosen.ids);
    if (results.every((r) => r.finished)) break;
  }
  model.disposeDecoding(state);
  return results;
}
