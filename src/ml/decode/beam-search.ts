// Beam search for one source (Wu et al. 2016 length penalty: lp(Y) = ((5 + |Y|) / 6)^α).
// Beams are rows of one batch, so each step is a single decoder call; the key/value caches are
// re-gathered by surviving beam. Width 1 is exactly greedy decoding.
import * as tf from '@tensorflow/tfjs-core';
import { BOS_ID, EOS_ID } from '../../shared/tokenizer/vocab';
import type { EncoderDecoder } from '../model/encoder-decoder';
import type { DecodedSequence } from './decode-options';

interface Beam {
  ids: number[];
  logProb: number;
}

function lengthPenalty(length: number, alpha: number): number {
  return ((5 + length) / 6) ** alpha;
}

/** source [1, S] → up to `beamWidth` sequences, best first. `forceLength` never ends a beam (benchmarks). */
export function beamSearch(
  model: EncoderDecoder, source: tf.Tensor2D, beamWidth: number, alpha = 0.6, maxLength = model.shape.maxTargetLength, forceLength = false,
): DecodedSequence[] {
  if (source.shape[0] !== 1) throw new Error('beamSearch decodes one source at a time');
  const width = Math.max(1, Math.floor(beamWidth));
  const limit = Math.min(maxLength, model.shape.maxTargetLength);
  const vocab = model.shape.targetVocabSize;
  let state = model.startDecoding(source);
  let beams: Beam[] = [{ ids: [], logProb: 0 }];
  const finished: (DecodedSequence & { score: number })[] = [];

  for (let t = 0; t < limit; t++) {
    const tokens = Int32Array.from(beams, (b) => (b.ids.length ? b.ids[b.ids.length - 1] : BOS_ID));
    const step = model.decodeStep(state, tokens);
    model.disposeSelfCaches(state);
    const logProbs = step.logProbs.dataSync() as Float32Array; // [beams · V]
    step.logProbs.dispose();

    // The 2·width best extensions over all beams: enough to refill `width` live beams even if some end.
    const candidates: { beam: number; token: number; logProb: number }[] = [];
    const keep = 2 * width;
    beams.forEach((beam, b) => {
      for (let v = 0; v < vocab; v++) {
        if (forceLength && v === EOS_ID) continue; // benchmarks: every beam runs to maxLength
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
    const stop = finished.length >= width || next.length === 0;
    if (stop) {
      state = step.state;
      break;
    }
    state = model.selectRows(step.state, Int32Array.from(rows));
    model.disposeSelfCaches(step.state);
    beams = next;
    if (t === limit - 1) {
      for (const b of beams) finished.push({ ...b, finished: false, score: b.logProb / lengthPenalty(b.ids.length, alpha) });
    }
  }
  model.disposeDecoding(state);
  return finished
    .sort((a, b) => b.score - a.score)
    .slice(0, width)
    .map(({ ids, logProb, finished: ended }) => ({ ids, logProb, finished: ended }));
}
