// Tunes a run's n-best reranker: beam search on the validation split, each candidate's features and
// BLEU statistics against its reference, then the weights that score the best corpus BLEU
// (shared/generation/rerank.ts). The result is the decoding the run recommends.
import * as tf from '@tensorflow/tfjs-core';
import { beamSearch } from '../ml/decode/beam-search';
import type { Pair } from '../shared/dataset/pair';
import type { DecodeSettings } from '../shared/generation/decode-settings';
import { tuneReranker, type TunedReranker, type TuningList } from '../shared/generation/rerank';
import { segmentStatistics, tokenizeForBleuEval } from '../shared/metrics';
import type { OpenedRun } from './open-run';
import { candidateFeatures } from './rerank-candidates';

/** Beam width and search-time length penalty of a reranked decoding: wide enough for longer candidates to survive. */
export const RERANK_BEAM = { beamWidth: 8, lengthPenalty: 1 } as const;

export interface RerankerTuning extends TunedReranker {
  settings: Extract<DecodeSettings, { strategy: 'beam' }>;
  pairs: number;
  seconds: number;
}

export function tuneRunReranker(
  run: Pick<OpenedRun, 'codec' | 'model' | 'reverse'>, pairs: readonly Pick<Pair, 'description' | 'code'>[], checkSyntax: ((code: string) => boolean) | undefined,
  onProgress?: (done: number, total: number) => void, beam: { beamWidth: number; lengthPenalty: number } = RERANK_BEAM,
): RerankerTuning {
  if (pairs.length === 0) throw new Error('The reranker is tuned on the validation split, and it is empty');
  const started = performance.now();
  const lists: TuningList[] = pairs.map((pair, i) => {
    const ids = run.codec.encodeSource(pair.description);
    const source = tf.tensor2d(ids, [1, ids.length], 'int32');
    const sequences = beamSearch(run.model, source, beam.beamWidth, beam.lengthPenalty);
    source.dispose();
    const reference = [tokenizeForBleuEval(pair.code)];
    const list = candidateFeatures(run, pair.description, sequences, checkSyntax).map((c) => ({
      features: c.features,
      statistics: segmentStatistics(tokenizeForBleuEval(c.code), reference),
    }));
    onProgress?.(i + 1, pairs.length);
    return list;
  });
  const tuned = tuneReranker(lists);
  return {
    ...tuned,
    settings: { strategy: 'beam', beamWidth: beam.beamWidth, lengthPenalty: beam.lengthPenalty, rerank: tuned.weights },
    pairs: pairs.length,
    seconds: (performance.now() - started) / 1000,
  };
}
