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
  /**
   * 'group': pairs that share a grouping key (CoNaLa's question_id) also share a split, on top of
   * pairs that share a description. Default 'description'.
   */
  groupBy?: 'description' | 'group';
}

/** What the split reads of a pair. */
export interface Splittable {
  description: string;
  /** Grouping key, e.g. CoNaLa's question_id. */
  group?: string;
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
  return pick(hashToUnitInterval(salt + '\u0000' + normalizeDescription(description)), fractions);
}

function pick(u: number, fractions: SplitFractions): SplitName {
  if (u < fractions.train) return 'train';
  if (u < fractions.train + fractions.validation) return 'validation';
  return fractions.test > 0 || fractions.validation === 0 ? 'test' : 'validation';
}

/** Splits pairs, keeping their order within each split. */
export function splitPairs<P extends Splittable>(pairs: readonly P[], options: SplitOptions = {}): { train: P[]; validation: P[]; test: P[] } {
  const fractions = options.fractions ?? DEFAULT_SPLIT_FRACTIONS;
  validateFractions(fractions);
  const salt = options.salt ?? '';
  const out: { train: P[]; validation: P[]; test: P[] } = { train: [], validation: [], test: [] };
  if (options.groupBy === 'group') {
    const keyOf = groupedSplitKeys(pairs);
    pairs.forEach((pair, i) => out[bucketOfKey(keyOf[i], fractions, salt)].push(pair));
    return out;
  }
  for (const pair of pairs) out[bucket(pair.description, fractions, salt)].push(pair);
  return out;
}

/**
 * Pairs linked by a shared description or a shared group key form one component; each pair gets
 * its component's smallest key, so a component lands in one split. Adding a pair moves others
 * only when it links their components.
 */
function groupedSplitKeys(pairs: readonly Splittable[]): string[] {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let k = key; k !== root; ) {
      const next = parent.get(k)!;
      parent.set(k, root); // path compression keeps 600k finds near-linear
      k = next;
    }
    return root;
  };
  const add = (key: string) => void (parent.has(key) || parent.set(key, key));
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) ra < rb ? parent.set(rb, ra) : parent.set(ra, rb);
  };
  const keys = pairs.map((pair) => {
    const description = 'd\u0000' + normalizeDescription(pair.description);
    add(description);
    if (pair.group !== undefined && pair.group !== '') {
      const group = 'g\u0000' + pair.group;
      add(group);
      union(description, group);
    }
    return description;
  });
  return keys.map(find);
}

function bucketOfKey(key: string, fractions: SplitFractions, salt: string): SplitName {
  // A component with one description hashes exactly as the description split does.
  const text = key.startsWith('d\u0000') ? key.slice(2) : key;
  return pick(hashToUnitInterval(salt + '\u0000' + text), fractions);
}
