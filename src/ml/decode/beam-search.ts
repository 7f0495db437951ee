// Beam search for one source (Wu et al. 2016 length penalty: lp(Y) = ((5 + |Y|) / 6)^α), as a
// generator that yields the live beams after every position. Beams are rows of one batch, so each
// step is a single decoder call; the key/value caches are re-gathered by surviving beam. Width 1 is
// exactly greedy decoding. A forced prefix is fed first and every beam starts from it.
import * as tf from '@tensorflow/tfjs-core';
import { BOS_ID, EOS_ID } from '../../shared/tokenizer/vocab';
import type { DecodingState, EncoderDecoder } from '../model/encoder-decoder';
import { drain, type DecodedSequence } from './decode-options';

interface Beam {
  ids: number[];
  logProb: number;
}

export interface BeamStep {
  position: number;
  beams: Beam[];
}

function lengthPenalty(length: number, alpha: number): number {
  return ((5 + length) / 6) ** alpha;
}

/** source [1, S] → up to `beamWidth` sequences, best first. `forceLength` never ends a beam (benchmarks). */
export function beamSearch(
  model: EncoderDecoder, source: tf.Tensor2D, beamWidth: number, alpha = 0.6, maxLength = model.shape.maxTargetLength, forceLength = false,
): DecodedSequence[] {
  return drain(beamSearchSteps(model, source, beamWidth, alpha, maxLength, { forceLength }));
}

export function* beamSearchSteps(
  model: EncoderDecoder, source: tf.Tensor2D, beamWidth: number, alpha = 0.6, maxLength = model.shape.maxTargetLength,
  options: { prefix?: readonly number[]; forceLength?: boolean } = {},
): Generator<BeamStep, DecodedSequence[]> {
  if (source.shape[0] !== 1) throw new Error('beamSearch decodes one source at a time');
  const width = Math.max(1, Math.floor(beamWidth));
  const prefix = options.prefix ?? [];
  const limit = Math.min(Math.max(maxLength, prefix.length), model.shape.maxTargetLength);
  const finished: (DecodedSequence & { score: number })[] = [];
  let state: DecodingState = model.startDecoding(source);
  let beams: Beam[] = [{ ids: [], logProb: 0 }];
  try {
    // The prefix: step i reads the token before prefix[i] (BOS first) and scores prefix[i]; the
    // last prefix token is then the first input of the beam loop below.
    for (let i = 0; i < prefix.length; i++) {
      const step = model.decodeStep(state, Int32Array.of(i === 0 ? BOS_ID : prefix[i - 1]));
      model.disposeSelfCaches(state);
      state = step.state;
      beams[0].logProb += logProbOf(step.logProbs, prefix[i]);
      step.logProbs.dispose();
      beams[0].ids.push(prefix[i]);
    }
    if (prefix.length > 0 && prefix[prefix.length - 1] === EOS_ID) {
      return [{ ids: prefix.slice(0, -1), logProb: beams[0].logProb, finished: true, score: beams[0].logProb / lengthPenalty(prefix.length, alpha) }];
    }

    for (let t = prefix.length; t < limit; t++) {
      const tokens = Int32Array.from(beams, (b) => (b.ids.length ? b.ids[b.ids.length - 1] : BOS_ID));
      const step = model.decodeStep(state, tokens);
      model.disposeSelfCaches(state);
      const vocab = step.logProbs.shape[1]; // the vocabulary, and with copy attention the source positions
      const logProbs = step.logProbs.dataSync() as Float32Array; // [beams · W]
      step.logProbs.dispose();

      // The 2·width best extensions over all beams: enough to refill `width` live beams even if some end.
      const candidates: { beam: number; token: number; logProb: number }[] = [];
      const keep = 2 * width;
      beams.forEach((beam, b) => {
        for (let v = 0; v < vocab; v++) {
          if (options.forceLength && v === EOS_ID) continue; // benchmarks: every beam runs to maxLength
          const logProb = beam.logProb + logProbs[b * vocab + v];
          if (candidates.length === keep && logProb <= candidates[keep - 1].logProb) continue;
          let i = candidates.length === keep ? keep - 1 : candidates.length;
          while (i > 0 && candidates[i - 1].logProb < logProb) i--;
          candidates.splice(i, 0, { beam: b, token: v, logProb });
          if (candidates.length > keep) candidates.pop();
        }
      });

      const next: Beam[] = [];
      const rows: number[] = [];
      candidates.forEach((c, rank) => {
        const ids = beams[c.beam].ids;
        if (c.token === EOS_ID) {
          // Like HF/fairseq: an ending counts only if it ranks among the top `width` candidates.
          if (rank < width) finished.push({ ids, logProb: c.logProb, finished: true, score: c.logProb / lengthPenalty(ids.length + 1, alpha) });
        } else if (next.length < width) {
          next.push({ ids: [...ids, c.token], logProb: c.logProb });
          rows.push(c.beam);
        }
      });
      // Early stopping once `width` hypotheses have ended: with width 1 this is exactly greedy.
      if (finished.length >= width || next.length === 0) {
        state = step.state;
        break;
      }
      state = model.selectRows(step.state, Int32Array.from(rows));
      model.disposeSelfCaches(step.state);
      beams = next;
      yield { position: t, beams };
      if (t === limit - 1) {
        for (const b of beams) finished.push({ ...b, finished: false, score: b.logProb / lengthPenalty(b.ids.length, alpha) });
      }
    }
    if (finished.length === 0) for (const b of beams) finished.push({ ...b, finished: false, score: b.logProb / lengthPenalty(b.ids.length, alpha) });
  } finally {
    // Also runs when the consumer stops early (a cancelled generation).
    model.disposeDecoding(state);
  }
  return finished
    .sort((a, b) => b.score - a.score)
    .slice(0, width)
    .map(({ ids, logProb, finished: ended, score }) => ({ ids, logProb, finished: ended, score }));
}

function logProbOf(logProbs: tf.Tensor2D, id: number): number {
  const vocab = logProbs.shape[1];
  if (!Number.isInteger(id) || id < 0 || id >= vocab) throw new Error(`Forced token id ${id} is outside the vocabulary (0–${vocab - 1})`);
  return logProbs.dataSync()[id];
}
