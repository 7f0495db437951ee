// Exact match as CoNaLa reports it: the percent of examples whose tokenizeForBleuEval token lists are
// equal, so quote style and spacing do not count (`f("a")` matches `f('a')`). Not a string compare
// and not execution-based correctness.

import { tokenizeForBleuEval } from './conala-tokenize';

type Tokens = readonly string[];

function sameTokens(a: Tokens, b: Tokens): boolean {
  return a.length === b.length && a.every((token, i) => token === b[i]);
}

/** Percent (0–100) of examples whose token lists are equal. Empty corpus → 0. */
export function exactMatchFromTokens(hypotheses: readonly Tokens[], references: readonly Tokens[]): number {
  if (hypotheses.length !== references.length) {
    throw new RangeError(`exactMatch: ${hypotheses.length} hypotheses but ${references.length} references`);
  }
  if (hypotheses.length === 0) return 0;
  let matches = 0;
  hypotheses.forEach((hypothesis, i) => {
    if (sameTokens(hypothesis, references[i])) matches++;
  });
  return (matches / hypotheses.length) * 100;
}

/** Percent (0–100) of code strings equal to their reference after tokenizeForBleuEval. */
export function exactMatch(hypotheses: readonly string[], references: readonly string[]): number {
  if (hypotheses.length !== references.length) {
    throw new RangeError(`exactMatch: ${hypotheses.length} hypotheses but ${references.length} references`);
  }
  return exactMatchFromTokens(hypotheses.map(tokenizeForBleuEval), references.map(tokenizeForBleuEval));
}

/** Whether one sample matches its reference under CoNaLa's tokenization (for per-sample display). */
export function isExactMatch(hypothesis: string, reference: string): boolean {
  return sameTokens(tokenizeForBleuEval(hypothesis), tokenizeForBleuEval(reference));
}
