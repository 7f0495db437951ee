// MinHash signatures and LSH banding (Broder 1997; Leskovec, Rajaraman & Ullman, "Mining of Massive
// Datasets", ch. 3): sets whose Jaccard similarity is J agree on one signature value with
// probability J, so with `bands` bands of `rows` values two sets share at least one band with
// probability 1 - (1 - J^rows)^bands. Candidates only: the caller verifies the true Jaccard.

import { fmix32 } from './hash';
import { forEachRun, indicesSortedByKey } from './sort-by-key';

/** 32-bit FNV-1a of a string with MurmurHash3's finaliser: feature ids for MinHash. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** The 32-bit hashes of some features (repeats and order do not matter to FeatureSets). */
export function hashFeatures(features: readonly string[]): Uint32Array {
  const hashes = new Uint32Array(features.length);
  for (let i = 0; i < features.length; i++) hashes[i] = hash32(features[i]);
  return hashes;
}

/** The seeds of `count` hash functions h_k(x) = fmix32(x ^ seed_k), fixed so signatures never change. */
export function minHashSeeds(count: number): Uint32Array {
  const seeds = new Uint32Array(count);
  for (let k = 0; k < count; k++) seeds[k] = fmix32(Math.imul(k + 1, 0x9e3779b9));
  return seeds;
}

/** Writes the signature of `features` (min over the set of each hash function) at `out[offset…]`. */
export function writeMinHashSignature(features: Uint32Array, seeds: Uint32Array, out: Uint32Array, offset: number): void {
  for (let k = 0; k < seeds.length; k++) {
    const seed = seeds[k];
    let min = 0xffffffff;
    for (let f = 0; f < features.length; f++) {
      const h = fmix32(features[f] ^ seed);
      if (h < min) min = h;
    }
    out[offset + k] = min;
  }
}

export interface BandingOptions {
  bands: number;
  rows: number;
  /**
   * A bucket larger than this (thousands of sets built from the same few words) is not compared all
   * against all: each member meets only the next `maxBucketSize` members, so the cost stays linear.
   */
  maxBucketSize: number;
}

/**
 * Calls `visit(i, j)` (i < j) once for every two sets that share a band of their signatures
 * (`signatures` holds `count` signatures of bands × rows values, one after the other), in a
 * deterministic order.
 */
export function forEachBandCandidate(signatures: Uint32Array, count: number, options: BandingOptions, visit: (i: number, j: number) => void): void {
  const { bands, rows, maxBucketSize } = options;
  const width = bands * rows;
  const keys = new Uint32Array(count);
  for (let band = 0; band < bands; band++) {
    for (let item = 0; item < count; item++) {
      let h = band;
      const start = item * width + band * rows;
      for (let r = 0; r < rows; r++) h = fmix32(h ^ signatures[start + r]);
      keys[item] = h;
    }
    const order = indicesSortedByKey(keys);
    forEachRun(order, keys, (start, end) => {
      for (let a = start; a < end; a++) {
        const last = Math.min(end, a + 1 + maxBucketSize);
        for (let b = a + 1; b < last; b++) {
          if (isFirstSharedBand(signatures, order[a] * width, order[b] * width, band, rows)) visit(order[a], order[b]);
        }
      }
    });
  }
}

/**
 * True when `band` is the first band the two signatures share value by value: a pair sharing an
 * earlier band was visited there already, and a 32-bit bucket key can collide.
 */
function isFirstSharedBand(signatures: Uint32Array, startA: number, startB: number, band: number, rows: number): boolean {
  for (let earlier = 0; earlier <= band; earlier++) {
    let same = true;
    for (let r = earlier * rows; r < earlier * rows + rows && same; r++) same = signatures[startA + r] === signatures[startB + r];
    if (same) return earlier === band;
  }
  return false;
}
