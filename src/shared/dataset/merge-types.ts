// Merging dataset versions into a new dataset, and the leak check between a training and a test
// version (docs/decisions/008, "Merging and leaks"): plain data for every shell.
import type { StoredPair } from './versions';

/** One version to merge; versions are placed in the order given. */
export interface MergeSource {
  datasetId: string;
  versionId: number;
}

export interface MergeOptions {
  /** Drop every pair whose normalised description and code were already placed (within and across sources). */
  dedupe: boolean;
}

/** A pair as a leak check reads it. */
export interface PairText {
  id: number;
  description: string;
  code: string;
}

/**
 * How a test pair is in the training data: its normalised description, its normalised code, or
 * both (the training pair named is then one having both when there is one).
 */
export type LeakMatch = 'description' | 'code' | 'both';

export interface LeakExample {
  testId: number;
  trainId: number;
  match: LeakMatch;
}

export interface LeakReport {
  /** Test pairs read. */
  testPairs: number;
  /** Test pairs found in the training data: byDescription + byCode + byBoth. */
  leaked: number;
  /** Leaked by their description only (the code differs or is too short to count). */
  byDescription: number;
  /** Leaked by their code only. */
  byCode: number;
  /** Leaked by both their description and their code. */
  byBoth: number;
  /** The first leaked test pairs, in test order, at most `maxExamples`. */
  examples: LeakExample[];
}

/** A leak example with both pairs, as the studio shows them side by side. */
export interface LeakPairExample extends LeakExample {
  test: StoredPair;
  train: StoredPair;
}

/** A leak check between two stored versions. */
export interface LeakCheckResult extends LeakReport {
  trainVersionId: number;
  testVersionId: number;
  examples: LeakPairExample[];
}
