// Ancestral sampling with temperature, top-k and nucleus (top-p, Holtzman et al. 2019) filtering,
// drawn from a seeded generator so the same seed gives the same program.
import type * as tf from '@tensorflow/tfjs-core';
import { SeededRandom } from '../../shared/random/seeded-random';
import { EOS_ID } from '../../shared/tokenizer/vocab';
import type { EncoderDecoder } from '../model/encoder-decoder';
import { drain, type DecodedSequence, type StepOptions } from './decode-options';
import { decodeRowSteps, type RowStep } from './decode-rows';

export interface SamplingSettings {
  temperature: number; // > 0; 1 leaves the distribution unchanged
  topK: number; // 0 = no limit
  topP: number; // 1 = no limit
  seed: number;
}

/** Picks one token id from log-probabilities `row` ([V]); returns the id and its (unfiltered) log-probability. */
export function sampleToken(row: Float32Array, settings: SamplingSettings, rng: SeededRandom): number {
  const temperature = Math.max(settings.temperature, 1e-4);
  let order = Array.from(row.keys()).sort((a, b) => row[b] - row[a]);
  if (settings.topK > 0) order = order.slice(0, settings.topK);
  const top = row[order[0]];
  let weights = order.map((i) => Math.exp((row[i] - top) / temperature));
  if (settings.topP < 1) {
    const total = weights.reduce((a, b) => a + b, 0);
    let cumulative = 0;
    let cut = weights.length;
    for (let i = 0; i < weights.length; i++) {
      cumulative += weights[i] / total;
      if (cumulative >= settings.topP) {
        cut = i + 1;
        break;
      }
    }
    order = order.slice(0, cut);
    weights = weights.slice(0, cut);
  }
  const total = weights.reduce((a, b) => a + b, 0);
  let r = rng.next() * total;
  for (let i = 0; i < order.length; i++) {
    r -= weights[i];
    if (r <= 0) return order[i];
  }
  return order[order.length - 1];
}

/** source [B, S] → one sampled sequence per row. */
export function sampleDecode(model: EncoderDecoder, source: tf.Tensor2D, settings: SamplingSettings, maxLength = model.shape.maxTargetLength): DecodedSequence[] {
  return drain(sampleSteps(model, source, settings, maxLength));
}

/** The same, step by step. Forced prefix tokens draw nothing, so a seed's later draws do not depend on the prefix's origin. */
export function sampleSteps(
  model: EncoderDecoder, source: tf.Tensor2D, settings: SamplingSettings, maxLength = model.shape.maxTargetLength, options: StepOptions = {},
): Generator<RowStep, DecodedSequence[]> {
  const rng = new SeededRandom(settings.seed);
  return decodeRowSteps(model, source, (logProbs, finished) => {
    const all = logProbs.dataSync() as Float32Array;
    const vocab = logProbs.shape[1]; // the vocabulary, and with copy attention the source positions
    const ids = new Int32Array(finished.length).fill(EOS_ID);
    const picked = new Float32Array(finished.length);
    finished.forEach((done, b) => {
      if (done) return; // no draw for ended rows: the same seed gives the same programs whatever the batch
      const row = all.subarray(b * vocab, (b + 1) * vocab);
      ids[b] = sampleToken(row, settings, rng);
      picked[b] = row[ids[b]];
    });
    return { ids, logProbs: picked };
  }, maxLength, options);
}
