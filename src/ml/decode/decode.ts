// One entry for every decoding strategy, step by step: the CLI, the playground, the samples panel
// and evaluation all consume these generators (evaluation through greedyDecode's batched rows).
import type * as tf from '@tensorflow/tfjs-core';
import type { EncoderDecoder } from '../model/encoder-decoder';
import { beamSearchSteps } from './beam-search';
import { drain, type DecodeEvent, type DecodedSequence, type DecodeOptions, type StepOptions, type TokenStep } from './decode-options';
import type { RowStep } from './decode-rows';
import { greedySteps } from './greedy';
import { sampleSteps } from './sampling';

/** source [1, S] → candidates, best first (one for greedy and sampling, up to beamWidth for beam). */
export function decode(model: EncoderDecoder, source: tf.Tensor2D, options: DecodeOptions, steps: StepOptions = {}): DecodedSequence[] {
  return drain(decodeSteps(model, source, options, steps));
}

/** source [1, S] → yields each token (greedy, sampling) or the live beams (beam search); returns the candidates. */
export function* decodeSteps(model: EncoderDecoder, source: tf.Tensor2D, options: DecodeOptions, steps: StepOptions = {}): Generator<DecodeEvent, DecodedSequence[]> {
  if (source.shape[0] !== 1) throw new Error('decodeSteps decodes one source at a time');
  const maxLength = options.maxLength ?? model.shape.maxTargetLength;
  switch (options.strategy) {
    case 'greedy':
      return yield* tokenEvents(greedySteps(model, source, maxLength, steps));
    case 'sample':
      return yield* tokenEvents(sampleSteps(model, source, options, maxLength, steps));
    case 'beam': {
      const beams = beamSearchSteps(model, source, options.beamWidth, options.lengthPenalty, maxLength, steps);
      let next = beams.next();
      try {
        while (!next.done) {
          yield { type: 'beams', position: next.value.position, beams: next.value.beams };
          next = beams.next();
        }
      } finally {
        beams.return([]); // a consumer that stops early still frees the decoder's tensors
      }
      const alternatives = steps.alternatives ?? 0;
      if (alternatives === 0) return next.value;
      // Beams are reordered as they go, so per-token alternatives come from re-reading each final
      // beam with the decoder (teacher forcing through the same cached path).
      const forced = steps.prefix?.length ?? 0;
      return next.value.map((sequence) => ({
        ...sequence,
        steps: scoreTokens(model, source, sequence.ids, alternatives).map((step, i) => ({ ...step, forced: i < forced })),
      }));
    }
  }
}

/** The model's view of a given sequence: each token's log-probability and the alternatives at its position. */
export function scoreTokens(model: EncoderDecoder, source: tf.Tensor2D, ids: readonly number[], alternatives: number): TokenStep[] {
  if (ids.length === 0) return [];
  const read = drain(greedySteps(model, source, ids.length, { prefix: ids, alternatives }));
  // Read back, not chosen by anyone: the caller says which positions the user forced.
  return (read[0].steps ?? []).map((step) => ({ ...step, forced: false }));
}

function* tokenEvents(rows: Generator<RowStep, DecodedSequence[]>): Generator<DecodeEvent, DecodedSequence[]> {
  let next = rows.next();
  try {
    while (!next.done) {
      const { position, ids, logProbs, alternatives, forced } = next.value;
      yield { type: 'token', position, token: { id: ids[0], logProb: logProbs[0], alternatives: alternatives[0], forced } };
      next = rows.next();
    }
  } finally {
    rows.return([]); // a consumer that stops early still frees the decoder's tensors
  }
  return next.value;
}
