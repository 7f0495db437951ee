// The leak check (docs/decisions/008, "Merging and leaks"): which pairs of a test set are also in
// the training data, by normalised description, by normalised code, or both. The seed projects
// trained on pairs of their own test set, and CoNaLa-Large's test set has 528 pairs of its training
// set: a score on such a test set measures memory, not generalisation.
//
// One side is held as 64-bit FNV-1a keys of its normalised texts in open-addressing tables of
// typed arrays (17 bytes a slot, at most 70% full), never as strings: 600k training pairs take
// three tables of 2^20 slots, about 54 MB, instead of the normalised texts themselves.
// Two different texts share a key with probability about n²/2^65 (1e-8 at 600k): negligible.
//
// Pure: no node: modules, so every shell can run it.

import { fmix32, fnv1a64Halves } from './hash';
import type { LeakMatch, LeakReport, PairText } from './merge-types';
import { normalizeCode, normalizeDescription } from './normalize';

export type { LeakExample, LeakMatch, LeakReport, PairText } from './merge-types';

/**
 * Normalised code shorter than this never counts as a leak: `print(x)`, `return a+b`, `x.sort()`
 * or `pass` are written the same by anyone for unrelated descriptions, so equal short code says
 * nothing about a leak. 12 characters keeps one-call statements with an argument or two
 * (`print(a + b)`, `x = sorted(y)`) and anything longer.
 */
export const MIN_LEAK_CODE_CHARS = 12;

/** Examples a leak report lists unless told otherwise. */
export const DEFAULT_MAX_LEAK_EXAMPLES = 200;

const MAX_LOAD = 0.7;

/**
 * A map from 64-bit keys (as FNV-1a's two 32-bit halves) to numbers, in typed arrays: 17 bytes a
 * slot, no object or string per entry. Linear probing; doubles when 70% full. Used as a set too.
 */
export class Hash64Map {
  #hi!: Uint32Array;
  #lo!: Uint32Array;
  #values!: Float64Array;
  #used!: Uint8Array;
  #mask = 0;
  #shift = 0;
  #size = 0;
  #limit = 0;

  /** `expected`: how many keys will be added (sizes the table once instead of doubling into it). */
  constructor(expected = 0) {
    let capacity = 16;
    while (capacity * MAX_LOAD < expected) capacity *= 2;
    this.#allocate(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.#used.length * 17;
  }

  has(hi: number, lo: number): boolean {
    return this.#find(hi, lo) >= 0;
  }

  get(hi: number, lo: number): number | undefined {
    const slot = this.#find(hi, lo);
    return slot >= 0 ? this.#values[slot] : undefined;
  }

  /** Adds the key with `value` unless it is there (its first value is kept); true when it was added. */
  add(hi: number, lo: number, value = 0): boolean {
    let slot = this.#find(hi, lo);
    if (slot >= 0) return false;
    if (this.#size >= this.#limit) {
      this.#grow();
      slot = this.#find(hi, lo);
    }
    this.#put(~slot, hi, lo, value);
    return true;
  }

  /** The key's slot, or ~(the empty slot where it would go). */
  #find(hi: number, lo: number): number {
    const used = this.#used;
    const his = this.#hi;
    const los = this.#lo;
    let slot = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> this.#shift;
    while (used[slot]) {
      if (los[slot] === lo && his[slot] === hi) return slot;
      slot = (slot + 1) & this.#mask;
    }
    return ~slot;
  }

  #put(slot: number, hi: number, lo: number, value: number): void {
    this.#used[slot] = 1;
    this.#hi[slot] = hi;
    this.#lo[slot] = lo;
    this.#values[slot] = value;
    this.#size++;
  }

  #allocate(capacity: number): void {
    this.#hi = new Uint32Array(capacity);
    this.#lo = new Uint32Array(capacity);
    this.#values = new Float64Array(capacity);
    this.#used = new Uint8Array(capacity);
    this.#mask = capacity - 1;
    this.#shift = 32 - Math.log2(capacity);
    this.#limit = Math.floor(capacity * MAX_LOAD);
    this.#size = 0;
  }

  #grow(): void {
    const [his, los, values, used] = [this.#hi, this.#lo, this.#values, this.#used];
    this.#allocate(used.length * 2);
    for (let i = 0; i < used.length; i++) if (used[i]) this.#put(~this.#find(his[i], los[i]), his[i], los[i], values[i]);
  }
}

interface LeakKeys {
  /** FNV-1a halves of the normalised description; null when it is empty. */
  description: [number, number] | null;
  /** Of the normalised code; null when it is shorter than MIN_LEAK_CODE_CHARS. */
  code: [number, number] | null;
  /** Of both, when both count (the two keys combined, not a third pass over the text). */
  pair: [number, number] | null;
}

function leakKeys(pair: PairText): LeakKeys {
  const description = normalizeDescription(pair.description);
  const code = normalizeCode(pair.code);
  const d = description.length > 0 ? fnv1a64Halves(description) : null;
  const c = code.length >= MIN_LEAK_CODE_CHARS ? fnv1a64Halves(code) : null;
  return { description: d, code: c, pair: d && c ? combine(d, c) : null };
}

/**
 * One 64-bit key for a description key and a code key. With either fixed, it is a bijection of
 * the other (fmix32 and xor with a constant are bijections), so two pairs sharing a description,
 * or a code, never share a pair key unless they share both.
 */
function combine([dHi, dLo]: [number, number], [cHi, cLo]: [number, number]): [number, number] {
  const hi = fmix32(dHi ^ fmix32(cLo ^ 0x5bd1e995));
  return [hi, fmix32(dLo ^ fmix32(cHi ^ hi))];
}


/**
 * One side of a leak check as keys: each normalised description, code (long enough to count) and
 * description-and-code, with the id of the first pair that had it. Build it from the training
 * pairs to ask which test pairs leak, or from the test pairs to find the training pairs to remove:
 * the relation is symmetric, so removing those leaves no leak.
 */
export class LeakIndex {
  readonly #descriptions: Hash64Map;
  readonly #codes: Hash64Map;
  readonly #pairs: Hash64Map;

  constructor(expectedPairs = 0) {
    this.#descriptions = new Hash64Map(expectedPairs);
    this.#codes = new Hash64Map(expectedPairs);
    this.#pairs = new Hash64Map(expectedPairs);
  }

  get bytes(): number {
    return this.#descriptions.bytes + this.#codes.bytes + this.#pairs.bytes;
  }

  add(pair: PairText): void {
    const keys = leakKeys(pair);
    if (keys.description) this.#descriptions.add(keys.description[0], keys.description[1], pair.id);
    if (keys.code) this.#codes.add(keys.code[0], keys.code[1], pair.id);
    if (keys.pair) this.#pairs.add(keys.pair[0], keys.pair[1], pair.id);
  }

  /**
   * How `pair` is in this side: by description, code or both, with the id of a pair of this side
   * it matches (for 'both', one having that description and that code when there is one), or null.
   */
  match(pair: PairText): { match: LeakMatch; id: number } | null {
    const keys = leakKeys(pair);
    const byDescription = keys.description ? this.#descriptions.get(keys.description[0], keys.description[1]) : undefined;
    const byCode = keys.code ? this.#codes.get(keys.code[0], keys.code[1]) : undefined;
    if (byDescription !== undefined && byCode !== undefined) {
      const same = keys.pair ? this.#pairs.get(keys.pair[0], keys.pair[1]) : undefined;
      return { match: 'both', id: same ?? byDescription };
    }
    if (byDescription !== undefined) return { match: 'description', id: byDescription };
    if (byCode !== undefined) return { match: 'code', id: byCode };
    return null;
  }
}

/**
 * Which test pairs are also in the training data. A test pair leaks when its normalised
 * description (normalizeDescription: case, spacing, numbering, final full stop) or its normalised
 * code (normalizeCode: whitespace; at least MIN_LEAK_CODE_CHARS characters) equals a training
 * pair's. The training side is read once into keys; the test side is streamed.
 */
export function findLeaks(train: Iterable<PairText>, test: Iterable<PairText>, options: { maxExamples?: number } = {}): LeakReport {
  const index = new LeakIndex();
  for (const pair of train) index.add(pair);
  const tally = new LeakTally(options.maxExamples);
  for (const pair of test) tally.note(pair.id, index.match(pair));
  return tally.report;
}

/** findLeaks over pairs that arrive asynchronously (a database read a page at a time, yielding between pages). */
export async function findLeaksAsync(train: AsyncIterable<PairText> | Iterable<PairText>, test: AsyncIterable<PairText> | Iterable<PairText>, options: { maxExamples?: number } = {}): Promise<LeakReport> {
  const index = new LeakIndex();
  for await (const pair of train) index.add(pair);
  const tally = new LeakTally(options.maxExamples);
  for await (const pair of test) tally.note(pair.id, index.match(pair));
  return tally.report;
}

class LeakTally {
  readonly report: LeakReport = { testPairs: 0, leaked: 0, byDescription: 0, byCode: 0, byBoth: 0, examples: [] };
  readonly #maxExamples: number;

  constructor(maxExamples = DEFAULT_MAX_LEAK_EXAMPLES) {
    this.#maxExamples = Math.max(0, Math.floor(maxExamples));
  }

  note(testId: number, found: { match: LeakMatch; id: number } | null): void {
    const report = this.report;
    report.testPairs++;
    if (!found) return;
    report.leaked++;
    if (found.match === 'both') report.byBoth++;
    else if (found.match === 'description') report.byDescription++;
    else report.byCode++;
    if (report.examples.length < this.#maxExamples) report.examples.push({ testId, trainId: found.id, match: found.match });
  }
}
