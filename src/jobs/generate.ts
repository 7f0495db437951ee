// English in, Python out, for one prompt: encode, decode with the chosen strategy, detokenize.
import * as tf from '@tensorflow/tfjs-core';
import { decode } from '../ml/decode/decode';
import type { DecodeOptions } from '../ml/decode/decode-options';
import type { OpenedRun } from './open-run';

export interface GeneratedCandidate {
  code: string;
  tokens: string[];
  logProb: number;
  /** False when the length limit cut the program before the model ended it. */
  finished: boolean;
}

export interface Generation {
  prompt: string;
  sourceTokens: string[];
  candidates: GeneratedCandidate[];
  milliseconds: number;
}

export function generateCode(run: OpenedRun, prompt: string, options: DecodeOptions): Generation {
  if (!prompt.trim()) throw new Error('The prompt is empty: describe the code you want in English');
  const started = performance.now();
  const ids = run.codec.encodeSource(prompt);
  const source = tf.tensor2d(ids, [1, ids.length], 'int32');
  try {
    const sequences = decode(run.model, source, options);
    return {
      prompt,
      sourceTokens: run.codec.source.decode(Array.from(ids)),
      candidates: sequences.map((s) => ({ code: run.codec.decodeTarget(s.ids), tokens: run.codec.targetTokens(s.ids), logProb: s.logProb, finished: s.finished })),
      milliseconds: performance.now() - started,
    };
  } finally {
    source.dispose();
  }
}
