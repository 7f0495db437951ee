// Reranking a prompt's beam candidates with the run's tuned weights: each candidate's features
// (forward log-probability, length, whether it parses, and the reverse model's log p(description |
// code) when the run trained one), then the weighted order (shared/generation/rerank.ts).
import type { DecodedSequence } from '../ml/decode/decode-options';
import { candidateCodeIds, reverseLogLikelihoods } from '../ml/rerank/reverse-model';
import { rerank, type CandidateFeatures, type RerankWeights } from '../shared/generation/rerank';
import type { OpenedRun } from './open-run';

export interface RankedCandidate {
  sequence: DecodedSequence;
  code: string;
  features: CandidateFeatures;
}

/** The candidates with their features, in beam order. */
export function candidateFeatures(
  run: Pick<OpenedRun, 'codec' | 'model' | 'reverse'>, description: string, sequences: readonly DecodedSequence[], checkSyntax?: (code: string) => boolean,
): RankedCandidate[] {
  const codes = sequences.map((s) => run.codec.decodeTarget(s.ids, description));
  let reverse: number[] | undefined;
  if (run.reverse && sequences.length > 0) {
    const sourceIds = run.codec.encodeSource(description);
    const table = run.model.copyInputTable;
    reverse = reverseLogLikelihoods(run.reverse, sequences.map((s) => candidateCodeIds(s.ids, sourceIds, run.model.shape.targetVocabSize, table)), sourceIds);
  }
  return sequences.map((sequence, i) => ({
    sequence,
    code: codes[i],
    features: {
      logProb: sequence.logProb,
      length: sequence.ids.length,
      ...(reverse ? { reverse: reverse[i] } : {}),
      ...(checkSyntax ? { parses: checkSyntax(codes[i]) } : {}),
    },
  }));
}

/** The candidates best first by the reranker (a weight the run cannot compute, e.g. reverse without a reverse model, is an error). */
export function rerankCandidates(
  run: Pick<OpenedRun, 'codec' | 'model' | 'reverse'>, description: string, sequences: readonly DecodedSequence[], weights: RerankWeights, checkSyntax?: (code: string) => boolean,
): RankedCandidate[] {
  if (weights.reverse > 0 && !run.reverse) throw new Error('These reranking weights use a reverse model, and this run has none');
  if (weights.parses > 0 && !checkSyntax) throw new Error('These reranking weights reward code that parses, and no Python syntax checker is loaded');
  return rerank(candidateFeatures(run, description, sequences, checkSyntax), weights);
}
