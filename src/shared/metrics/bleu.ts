// BLEU as CoNaLa reports it: `compute_bleu` from the TensorFlow NMT code that conala-baseline ships
// (eval/bleu_score.py), ported step by step so that scores agree with published CoNaLa numbers, plus
// a smoothed sentence BLEU for showing one sample. Inputs are token lists or raw code strings (which
// go through tokenizeForBleuEval). Not sacreBLEU and not NLTK's corpus_bleu: their brevity penalty
// and smoothing differ.

import { tokenizeForBleuEval } from './conala-tokenize';

export interface BleuResult {
  /** Geometric mean of the precisions times the brevity penalty, in [0, 1] (not ×100). */
  bleu: number;
  /** Clipped n-gram precision per order, 1-grams first. */
  precisions: number[];
  brevityPenalty: number;
  /** Hypothesis length / reference length over the corpus (Infinity when every reference is empty). */
  lengthRatio: number;
  translationLength: number;
  referenceLength: number;
}

export interface BleuOptions {
  /** Highest n-gram order (N in the paper); CoNaLa uses 4. */
  maxOrder?: number;
  /**
   * compute_bleu(smooth=True): add one to the matches and totals of every order, 1-grams included
   * (its docstring credits Lin & Och 2004, whose BLEU+1 spares the 1-grams; we follow the code).
   */
  smooth?: boolean;
}

type Tokens = readonly string[];

/** Counts per n-gram, one map per order (index 0 holds 1-grams). */
function ngramCounts(segment: Tokens, maxOrder: number): Map<string, number>[] {
  const counts = Array.from({ length: maxOrder }, () => new Map<string, number>());
  // JSON-quoted tokens joined by commas cannot collide whatever the tokens contain (a bare join
  // character could occur inside a token); each key is grown from the previous order's.
  const quoted = segment.map((token) => JSON.stringify(token));
  for (let start = 0; start < segment.length; start++) {
    let key = '';
    for (let order = 1; order <= maxOrder && start + order <= segment.length; order++) {
      key = order === 1 ? quoted[start] : `${key},${quoted[start + order - 1]}`;
      const map = counts[order - 1];
      map.set(key, (map.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

function checkOrder(maxOrder: number): void {
  if (!Number.isInteger(maxOrder) || maxOrder < 1) {
    throw new RangeError(`BLEU: maxOrder must be a positive integer, got ${maxOrder}`);
  }
}

/**
 * compute_bleu(reference_corpus, translation_corpus, max_order, smooth): every example has one or more
 * references; n-gram matches are clipped by the highest count in any reference and summed over the
 * corpus before the precisions are taken. Where Python would divide by zero (empty hypotheses or
 * references) this returns a BLEU of 0 or a penalty of 1 instead of throwing.
 */
export function computeBleu(
  referenceCorpus: readonly (readonly Tokens[])[],
  translationCorpus: readonly Tokens[],
  options: BleuOptions = {},
): BleuResult {
  const maxOrder = options.maxOrder ?? 4;
  checkOrder(maxOrder);
  if (referenceCorpus.length !== translationCorpus.length) {
    throw new RangeError(
      `BLEU: ${translationCorpus.length} hypotheses but ${referenceCorpus.length} reference sets; they must pair up one to one`,
    );
  }
  const total = emptyStatistics(maxOrder);
  translationCorpus.forEach((translation, index) => {
    const references = referenceCorpus[index];
    if (references.length === 0) {
      throw new RangeError(`BLEU: example ${index + 1} has no reference`);
    }
    addStatistics(total, segmentStatistics(translation, references, maxOrder));
  });
  return bleuOfStatistics(total, options.smooth ?? false);
}

/**
 * What corpus BLEU sums over examples: clipped n-gram matches and possible matches per order, and
 * the two lengths. Kept per example, they let a reranker score any choice of hypotheses in O(n).
 */
export interface BleuStatistics {
  matches: number[];
  possible: number[];
  translationLength: number;
  referenceLength: number;
}

export function emptyStatistics(maxOrder = 4): BleuStatistics {
  return { matches: new Array<number>(maxOrder).fill(0), possible: new Array<number>(maxOrder).fill(0), translationLength: 0, referenceLength: 0 };
}

export function addStatistics(total: BleuStatistics, more: BleuStatistics): void {
  more.matches.forEach((m, i) => (total.matches[i] += m));
  more.possible.forEach((p, i) => (total.possible[i] += p));
  total.translationLength += more.translationLength;
  total.referenceLength += more.referenceLength;
}

/** One example's statistics against one or more references (clipped by the highest count in any one). */
export function segmentStatistics(translation: Tokens, references: readonly Tokens[], maxOrder = 4): BleuStatistics {
  const stats = emptyStatistics(maxOrder);
  // TF NMT takes the shortest reference, not the closest one in length as Papineni et al. do.
  stats.referenceLength = Math.min(...references.map((r) => r.length));
  stats.translationLength = translation.length;
  // Clip by the highest count of each n-gram in any one reference (Counter union in Python).
  const mergedReferenceCounts = ngramCounts(references[0], maxOrder);
  for (const reference of references.slice(1)) {
    ngramCounts(reference, maxOrder).forEach((orderCounts, i) => {
      for (const [key, count] of orderCounts) {
        mergedReferenceCounts[i].set(key, Math.max(count, mergedReferenceCounts[i].get(key) ?? 0));
      }
    });
  }
  ngramCounts(translation, maxOrder).forEach((orderCounts, i) => {
    for (const [key, count] of orderCounts) {
      stats.matches[i] += Math.min(count, mergedReferenceCounts[i].get(key) ?? 0);
    }
  });
  for (let order = 1; order <= maxOrder; order++) {
    const possibleMatches = translation.length - order + 1;
    if (possibleMatches > 0) stats.possible[order - 1] += possibleMatches;
  }
  return stats;
}

/** BLEU of summed statistics. Where Python would divide by zero this returns a BLEU of 0 or a penalty of 1. */
export function bleuOfStatistics(total: BleuStatistics, smooth = false): BleuResult {
  const maxOrder = total.matches.length;
  const precisions = total.matches.map((matches, i) => {
    if (smooth) return (matches + 1) / (total.possible[i] + 1);
    return total.possible[i] > 0 ? matches / total.possible[i] : 0;
  });

  let geoMean = 0;
  if (Math.min(...precisions) > 0) {
    let logSum = 0;
    for (const p of precisions) logSum += (1 / maxOrder) * Math.log(p);
    geoMean = Math.exp(logSum);
  }

  const { translationLength, referenceLength } = total;
  const lengthRatio = referenceLength > 0 ? translationLength / referenceLength : Infinity;
  let brevityPenalty: number;
  if (lengthRatio > 1) brevityPenalty = 1;
  else if (translationLength === 0) brevityPenalty = 0;
  else brevityPenalty = Math.exp(1 - 1 / lengthRatio);

  return {
    bleu: geoMean * brevityPenalty,
    precisions,
    brevityPenalty,
    lengthRatio,
    translationLength,
    referenceLength,
  };
}

/** CoNaLa's corpus BLEU-4, ×100 (0–100), one reference per example, no smoothing. Empty corpus → 0. */
export function corpusBleu(hypotheses: readonly string[], references: readonly string[]): number {
  if (hypotheses.length !== references.length) {
    throw new RangeError(`corpusBleu: ${hypotheses.length} hypotheses but ${references.length} references`);
  }
  return corpusBleuFromTokens(hypotheses.map(tokenizeForBleuEval), references.map(tokenizeForBleuEval));
}

/** corpusBleu on lists already produced by tokenizeForBleuEval (tokenize once, score many ways). */
export function corpusBleuFromTokens(hypotheses: readonly Tokens[], references: readonly Tokens[]): number {
  if (hypotheses.length !== references.length) {
    throw new RangeError(`corpusBleu: ${hypotheses.length} hypotheses but ${references.length} references`);
  }
  return computeBleu(references.map((r) => [r]), hypotheses).bleu * 100;
}

/**
 * BLEU-4 of one sample, ×100, for display next to that sample only (never average it into a score).
 * Smoothing: TF NMT's compute_bleu(smooth=True), add-one on every order's matches and totals, so a
 * short or partly right snippet gets a graded score instead of 0; an identical snippet scores 100 and an
 * empty hypothesis against a non-empty reference 0.
 */
export function sentenceBleu(hypothesis: string, reference: string): number {
  return computeBleu([[tokenizeForBleuEval(reference)]], [tokenizeForBleuEval(hypothesis)], { smooth: true }).bleu * 100;
}
