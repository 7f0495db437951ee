// From split pairs to the encoded examples a run trains and evaluates on, with an account of
// every pair that could not be used (and why), so nothing is dropped silently.
import type { Pair } from '../dataset/pair';
import type { EncodedExample, PairCodec } from './pair-codec';

export interface PreparedExample extends EncodedExample {
  pair: Pair;
}

export interface SkippedPair {
  pair: Pair;
  reason: string;
}

export function prepareExamples(codec: PairCodec, pairs: readonly Pair[]): { examples: PreparedExample[]; skipped: SkippedPair[] } {
  const examples: PreparedExample[] = [];
  const skipped: SkippedPair[] = [];
  for (const pair of pairs) {
    const target = codec.encodeTarget(pair.code, pair.description);
    if (target.ok) examples.push({ pair, source: codec.encodeSource(pair.description), target: target.ids, ...(target.inputs ? { targetInput: target.inputs } : {}) });
    else skipped.push({ pair, reason: target.reason });
  }
  return { examples, skipped };
}
