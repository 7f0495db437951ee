// Deterministic train / validation / test split by a salted hash of the normalised description:
// pairs that share a description always land in the same split (no leakage through duplicates or
// rephrased code), and a pair's split depends on nothing but its own description and the salt, so
// adding or removing pairs never moves the others. Fractions are targets, met up to hash noise.

import { hashToUnitInterval } from './hash';
import { normalizeDescription } from './normalize';
import type { Pair } from './pair';

export type SplitName = 'train' | 'validation' | 'test';

export interface SplitFractions {
  train: number;
  validation: number;
  test: number;
}

export interface SplitOptions {
  fractions?: SplitFractions;
  /** Change it to draw a different, equally deterministic split. */
  salt?: string;
}

export const DEFAULT_SPLIT_FRACTIONS: Readonly<SplitFractions> = Object.freeze({ train: 0.8, validation: 0.1, test: 0.1 });

export interface DatasetSplit {
  train: Pair[];
  validation: Pair[];
  test: Pair[];
}

/** Throws a RangeError naming the problem when fractions are negative, not numbers, or do not sum to 1. */
export function validateFractions(fractions: SplitFractions): void {
  for (const name of ['train', 'validation', 'test'] as const) {
    const value = fractions[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new RangeError(`split fraction '${name}' must be a number between 0 and 1, got ${String(value)}`);
    }
  }
  const sum = fractions.train + fractions.validation + fractions.test;
  if (Math.abs(sum - 1) > 1e-9) {
    throw new RangeError(`split fractions must sum to 1, got ${fractions.train} + ${fractions.validation} + ${fractions.test} = ${sum}`);
  }
}

/** Which split a description belongs to. */
export function assignSplit(description: string, options: SplitOptions = {}): SplitName {
  const fractions = options.fractions ?? DEFAULT_SPLIT_FRACTIONS;
  validateFractions(fractions);
  return bucket(description, fractions, options.salt ?? '');
}

function bucket(description: string, fractions: SplitFractions, salt: string): SplitName {
  const u = hashToUnitInterval(salt + '\u0000' + normalizeDescription(description));
  if (u < fractions.train) return 'train';
  if (u < fractions.train + fractions.validation) return 'validation';
  return fractions.test > 0 || fractions.validation === 0 ? 'test' : 'validation';
}

/** Splits pairs, keeping their order within each split. */
export function splitPairs(pairs: readonly Pair[], options: SplitOptions = {}): DatasetSplit {
  const fractions = options.fractions ?? DEFAULT_SPLIT_FRACTIONS;
  validateFractions(fractions);
  const salt = options.salt ?? '';
  const out: DatasetSplit = { train: [], validation: [], test: [] };
  for (const pair of pairs) out[bucket(pair.description, fractions, salt)].push(pair);
  return out;
}
