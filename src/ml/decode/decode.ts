// One entry for every decoding strategy, used by the CLI, the studio and evaluation.
import type * as tf from '@tensorflow/tfjs-core';
import type { EncoderDecoder } from '../model/encoder-decoder';
import { beamSearch } from './beam-search';
import type { DecodedSequence, DecodeOptions } from './decode-options';
import { greedyDecode } from './greedy';
import { sampleDecode } from './sampling';

/** source [1, S] → candidates, best first (one for greedy and sampling, up to beamWidth for beam). */
export function decode(model: EncoderDecoder, source: tf.Tensor2D, options: DecodeOptions): DecodedSequence[] {
  switch (options.strategy) {
    case 'greedy':
      return greedyDecode(model, source, options.maxLength);
    case 'beam':
      return beamSearch(model, source, options.beamWidth, options.lengthPenalty, options.maxLength);
    case 'sample':
      return sampleDecode(model, source, options, options.maxLength);
  }
}
