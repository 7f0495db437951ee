// The token-by-token loop shared by greedy decoding and sampling, as a generator: encode once, feed
// each row's newest token through the cached decoder, take the forced prefix or let a strategy
// pick the next token of every row, yield the step, stop when every row has ended. Beam search has
// its own loop (its rows are hypotheses, not sources).
import * as tf from '@tensorflow/tfjs-core';
import { BOS_ID, EOS_ID } from '../../shared/tokenizer/vocab';
import type { EncoderDecoder } from '../model/encoder-decoder';
import { drain, type DecodedSequence, type StepOptions, type TokenChoice } from './decode-options';

/** Picks the next token of each row from log-probabilities [B, V]; rows already finished may get any id. */
export type ChooseTokens = (logProbs: tf.Tensor2D, finished: readonly boolean[]) => { ids: Int32Array; logProbs: ArrayLike<number> };

/** What every row took at one position. */
export interface RowStep {
  position: number;
  ids: Int32Array;
  logProbs: ArrayLike<number>;
  /** Per row, the most likely tokens at this position (empty lists unless asked for). */
  alternatives: TokenChoice[][];
  forced: boolean;
}

/** source [B, S] → one sequence per row, yielding every position as it is decoded. */
export function* decodeRowSteps(
  model: EncoderDecoder, source: tf.Tensor2D, choose: ChooseTokens, maxLength = model.shape.maxTargetLength, options: StepOptions = {},
): Generator<RowStep, DecodedSequence[]> {
  const rows = source.shape[0];
  const prefix = options.prefix ?? [];
  const k = Math.min(options.alternatives ?? 0, model.shape.targetVocabSize);
  const results: DecodedSequence[] = Array.from({ length: rows }, () => ({ ids: [], logProb: 0, finished: false, ...(k > 0 ? { steps: [] } : {}) }));
  const limit = Math.min(Math.max(maxLength, prefix.length), model.shape.maxTargetLength);
  let state = model.startDecoding(source);
  let tokens = new Int32Array(rows).fill(BOS_ID);
  try {
    for (let t = 0; t < limit; t++) {
      const step = model.decodeStep(state, tokens);
      model.disposeSelfCaches(state);
      state = step.state;
      const forced = t < prefix.length;
      const chosen = forced ? takeForced(step.logProbs, prefix[t]) : choose(step.logProbs, results.map((r) => r.finished));
      const alternatives = k > 0 ? topChoices(step.logProbs, k) : results.map(() => []);
      step.logProbs.dispose();
      results.forEach((r, b) => {
        if (r.finished) return;
        r.logProb += chosen.logProbs[b];
        if (chosen.ids[b] === EOS_ID && !options.forceLength) r.finished = true;
        else {
          r.ids.push(chosen.ids[b]);
          r.steps?.push({ id: chosen.ids[b], logProb: chosen.logProbs[b], alternatives: alternatives[b], forced });
        }
      });
      yield { position: t, ids: chosen.ids, logProbs: chosen.logProbs, alternatives, forced };
      tokens = Int32Array.from(chosen.ids);
      if (results.every((r) => r.finished)) break;
    }
  } finally {
    // Also runs when the consumer stops early (a cancelled generation): no tensor outlives it.
    model.disposeDecoding(state);
  }
  return results;
}

/** Every row takes `id`, with its log-probability under the model. */
function takeForced(logProbs: tf.Tensor2D, id: number): { ids: Int32Array; logProbs: Float32Array } {
  const [rows, vocab] = logProbs.shape;
  if (!Number.isInteger(id) || id < 0 || id >= vocab) throw new Error(`Forced token id ${id} is outside the vocabulary (0–${vocab - 1})`);
  const all = logProbs.dataSync();
  return { ids: new Int32Array(rows).fill(id), logProbs: Float32Array.from({ length: rows }, (_, b) => all[b * vocab + id]) };
}

/** The k most likely tokens of each row of [B, V], best first. */
export function topChoices(logProbs: tf.Tensor2D, k: number): TokenChoice[][] {
  const { values, indices } = tf.topk(logProbs, k); // [B, k] each
  const v = values.dataSync();
  const i = indices.dataSync();
  tf.dispose([values, indices]);
  return Array.from({ length: logProbs.shape[0] }, (_, b) => Array.from({ length: k }, (_, j) => ({ id: i[b * k + j], logProb: v[b * k + j] })));
}

/** The same loop without the generator bookkeeping for callers that want only the result. */
export function decodeRows(
  model: EncoderDecoder, source: tf.Tensor2D, choose: ChooseTokens, maxLength = model.shape.maxTargetLength, forceLength = false,
): DecodedSequence[] {
  return drain(decodeRowSteps(model, source, choose, maxLength, { forceLength }));
}
