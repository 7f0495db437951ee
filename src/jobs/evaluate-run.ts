// Scores a trained run on any set of pairs: decode every description (greedy in batches, or beam /
// sampling one by one), then CoNaLa BLEU, exact match and the share that parses as Python.
import * as tf from '@tensorflow/tfjs-core';
import { computeMetrics, prepareMetricInput, sentenceBleu } from '../shared/metrics';
import type { Pair } from '../shared/dataset/pair';
import { PAD_ID } from '../shared/tokenizer/vocab';
import { decode } from '../ml/decode/decode';
import type { DecodeOptions } from '../ml/decode/decode-options';
import { greedyDecode } from '../ml/decode/greedy';
import type { OpenedRun } from './open-run';
import { rerankCandidates } from './rerank-candidates';

export interface EvaluatedExample {
  description: string;
  reference: string;
  hypothesis: string;
  sentence_bleu: number;
  syntax_valid?: boolean;
  source: Pair['source'];
}

export interface EvaluationResult {
  bleu: number;
  exact_match: number;
  syntax_valid: number | null;
  n: number;
  examples: EvaluatedExample[];
}

const GREEDY_BATCH = 32;

export function evaluatePairs(
  run: OpenedRun, pairs: readonly Pair[], options: DecodeOptions, checkSyntax?: (code: string) => boolean,
  onProgress?: (done: number, total: number) => void,
): EvaluationResult {
  const hypotheses: string[] = [];
  const step = options.strategy === 'greedy' ? GREEDY_BATCH : 1;
  for (let start = 0; start < pairs.length; start += step) {
    const batch = pairs.slice(start, start + step).map((p) => run.codec.encodeSource(p.description));
    const width = Math.max(...batch.map((ids) => ids.length));
    const padded = new Int32Array(batch.length * width).fill(PAD_ID);
    batch.forEach((ids, row) => padded.set(ids, row * width));
    const source = tf.tensor2d(padded, [batch.length, width], 'int32');
    if (options.strategy === 'greedy') {
      greedyDecode(run.model, source, options.maxLength).forEach((s, i) => hypotheses.push(run.codec.decodeTarget(s.ids, pairs[start + i].description)));
    } else {
      const candidates = decode(run.model, source, options);
      const description = pairs[start].description;
      const best = options.strategy === 'beam' && options.rerank ? rerankCandidates(run, description, candidates, options.rerank, checkSyntax)[0].sequence : candidates[0];
      hypotheses.push(run.codec.decodeTarget(best.ids, description));
    }
    source.dispose();
    onProgress?.(Math.min(start + step, pairs.length), pairs.length);
  }
  const references = pairs.map((p) => p.code);
  const verdicts = checkSyntax ? hypotheses.map(checkSyntax) : undefined;
  const scores = computeMetrics(prepareMetricInput(hypotheses, references, verdicts));
  return {
    bleu: scores.bleu ?? NaN,
    exact_match: scores.exact_match ?? NaN,
    syntax_valid: scores.syntax_valid ?? null,
    n: pairs.length,
    examples: pairs.map((p, i) => ({
      description: p.description,
      reference: p.code,
      hypothesis: hypotheses[i],
      sentence_bleu: sentenceBleu(hypotheses[i], p.code),
      ...(verdicts ? { syntax_valid: verdicts[i] } : {}),
      source: p.source,
    })),
  };
}
