// n-best reranking (Yin & Neubig 2019, "Reranking for neural semantic parsing"): beam search's
// candidates are re-scored by a weighted sum of features — the forward model's log-probability, the
// reverse model's log p(description | code), the length in tokens and whether the code parses —
// with weights tuned on the run's validation split for corpus BLEU. Beam search alone favours
// short, safe programs; CoNaLa's BLEU punishes them (brevity penalty), and the reverse model
// prefers code that accounts for the whole description.
import { z } from 'zod';
import { addStatistics, bleuOfStatistics, emptyStatistics, type BleuStatistics } from '../metrics/bleu';

export const RerankWeightsSchema = z
  .object({
    /** Per output token (a length reward). */
    length: z.number().min(-10).max(10),
    /** Times log p(description | code) under the run's reverse model (0 when the run has none). */
    reverse: z.number().min(0).max(10),
    /** Added when the code parses as Python 3. */
    parses: z.number().min(0).max(100),
  })
  .strict();

export type RerankWeights = z.infer<typeof RerankWeightsSchema>;

export interface CandidateFeatures {
  /** The forward model's log-probability of the candidate (EOS included). */
  logProb: number;
  /** Output tokens. */
  length: number;
  /** log p(description | code) under the reverse model, when there is one. */
  reverse?: number;
  parses?: boolean;
}

/** The reranker's score: logProb + w_length·length + w_reverse·reverse + w_parses·[parses]. */
export function rerankScore(features: CandidateFeatures, weights: RerankWeights): number {
  return features.logProb + weights.length * features.length + weights.reverse * (features.reverse ?? 0) + (features.parses ? weights.parses : 0);
}

/** Candidates best first by the reranker's score; ties keep beam order. */
export function rerank<T extends { features: CandidateFeatures }>(candidates: readonly T[], weights: RerankWeights): T[] {
  return candidates
    .map((candidate, index) => ({ candidate, index, score: rerankScore(candidate.features, weights) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((c) => c.candidate);
}

/** One validation example's n-best list: each candidate's features and its BLEU statistics against the reference. */
export type TuningList = { features: CandidateFeatures; statistics: BleuStatistics }[];

export const RERANK_GRID = {
  length: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.25, 1.5, 2],
  reverse: [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2],
  parses: [0, 0.5, 1, 2, 5],
} as const;

export interface TunedReranker {
  weights: RerankWeights;
  /** Corpus BLEU (×100) of the reranked choices on the tuning lists, and of the forward log-probability alone. */
  bleu: number;
  logProbBleu: number;
}

/**
 * The grid point whose choices score the highest corpus BLEU on the lists (ties: the earlier, i.e.
 * smaller, weights). Without reverse scores the reverse weight stays 0.
 */
export function tuneReranker(lists: readonly TuningList[], grid: { [K in keyof RerankWeights]: readonly number[] } = RERANK_GRID): TunedReranker {
  const usable = lists.filter((l) => l.length > 0);
  if (usable.length === 0) throw new Error('No candidates to tune the reranker on');
  const hasReverse = usable.every((l) => l.every((c) => c.features.reverse !== undefined));
  const corpusBleu = (weights: RerankWeights) => {
    const total = emptyStatistics(usable[0][0].statistics.matches.length);
    for (const list of usable) addStatistics(total, rerank(list, weights)[0].statistics);
    return bleuOfStatistics(total).bleu * 100;
  };
  let best: { weights: RerankWeights; bleu: number } | null = null;
  for (const length of grid.length)
    for (const reverse of hasReverse ? grid.reverse : [0])
      for (const parses of grid.parses) {
        const weights = { length, reverse, parses };
        const bleu = corpusBleu(weights);
        if (!best || bleu > best.bleu + 1e-9) best = { weights, bleu };
      }
  return { ...best!, logProbBleu: corpusBleu({ length: 0, reverse: 0, parses: 0 }) };
}
