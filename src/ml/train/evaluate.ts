// Periodic evaluation: validation loss (teacher forced, no dropout) and the scores of greedy
// decoding on a fixed validation sample — CoNaLa BLEU, exact match, share that parses — plus a few
// decoded samples for people to read.
import * as tf from '@tensorflow/tfjs-core';
import { computeMetrics, prepareMetricInput, sentenceBleu } from '../../shared/metrics';
import { greedyDecode } from '../decode/greedy';
import type { EncoderDecoder } from '../model/encoder-decoder';
import { disposeBatch, toBatchTensors, type EncodedExample } from './batching';
import { labelSmoothedCrossEntropy } from './loss';

export interface ValidationExample extends EncodedExample {
  description: string;
  reference: string;
}

export interface DecodedSample {
  description: string;
  reference: string;
  hypothesis: string;
  sentenceBleu: number;
  syntaxValid?: boolean;
}

export interface Evaluation {
  validationLoss: number;
  bleu: number;
  exactMatch: number;
  /** NaN when no syntax checker was given. */
  syntaxValid: number;
  samples: DecodedSample[];
}

export interface EvaluationTools {
  /** Target ids (no BOS/EOS) → Python source for that description (slot values filled in). */
  targetToCode: (ids: number[], description: string) => string;
  /** Whether code parses as Python 3; evaluation reports NaN for syntax when absent. */
  checkSyntax?: (code: string) => boolean;
}

const LOSS_BATCHES = 16;

export function validationLoss(model: EncoderDecoder, examples: EncodedExample[], batchSize: number): number {
  let weighted = 0;
  let tokens = 0;
  for (let start = 0; start < examples.length && start < LOSS_BATCHES * batchSize; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, examples.length - start) }, (_, i) => start + i);
    const batch = toBatchTensors(examples, indices);
    const loss = tf.tidy(() => labelSmoothedCrossEntropy(model.forward(batch.source, batch.targetInput).logits, batch.labels, 0));
    weighted += loss.dataSync()[0] * batch.targetTokens;
    tokens += batch.targetTokens;
    loss.dispose();
    disposeBatch(batch);
  }
  return tokens ? weighted / tokens : NaN;
}

/** Greedy-decodes `examples` in batches and scores them against their references. */
export function scoreDecoding(model: EncoderDecoder, examples: ValidationExample[], batchSize: number, tools: EvaluationTools, sampleCount = 5): Omit<Evaluation, 'validationLoss'> {
  const hypotheses: string[] = [];
  for (let start = 0; start < examples.length; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, examples.length - start) }, (_, i) => start + i);
    const batch = toBatchTensors(examples, indices);
    greedyDecode(model, batch.source).forEach((sequence, i) => hypotheses.push(tools.targetToCode(sequence.ids, examples[indices[i]].description)));
    disposeBatch(batch);
  }
  const references = examples.map((e) => e.reference);
  const verdicts = tools.checkSyntax ? hypotheses.map((h) => tools.checkSyntax!(h)) : undefined;
  const scores = computeMetrics(prepareMetricInput(hypotheses, references, verdicts));
  return {
    bleu: scores.bleu ?? NaN,
    exactMatch: scores.exact_match ?? NaN,
    syntaxValid: scores.syntax_valid ?? NaN,
    samples: examples.slice(0, sampleCount).map((e, i) => ({
      description: e.description,
      reference: e.reference,
      hypothesis: hypotheses[i],
      sentenceBleu: sentenceBleu(hypotheses[i], e.reference),
      ...(verdicts ? { syntaxValid: verdicts[i] } : {}),
    })),
  };
}
