// Groups of distinct descriptions that differ only in a few words ("sort a list of dicts by key
// 'age'" / "sort list of dictionaries by the key 'age'"). Each description is the set of its
// content words and word pairs (description-words.ts); equal sets are linked outright, MinHash + LSH
// proposes the rest (minhash.ts), the true Jaccard decides, and link-clusters.ts builds the groups.
// Why 0.7: on the seed file and CoNaLa-Large, pairs at 0.7–0.8 are rewordings ("find the factorial
// of a number" / "… using recursion"), pairs at 0.6–0.7 are mostly other tasks from one template
// ("the sum of the roots" / "the type of the roots", "largest" / "second largest").

import type { FeatureSets } from './feature-sets';
import { clusterLinks, type Cluster, type Link } from './link-clusters';
import { forEachBandCandidate, minHashSeeds, writeMinHashSignature, type BandingOptions } from './minhash';

export interface SimilarDescriptionOptions {
  /** Least Jaccard similarity of the two feature sets for a link. */
  threshold: number;
  /** Least Jaccard similarity of every two descriptions in a group (the links themselves need `threshold`). */
  floor: number;
  /** Descriptions with fewer content words take no part ("sorting in python" says too little). */
  minContentWords: number;
  /** Largest group, in distinct descriptions. */
  maxDescriptions: number;
  banding: BandingOptions;
}

/** `features` holds one set per distinct description; `contentWords[i]` is how many content words description i has. */
export function groupSimilarDescriptions(features: FeatureSets, contentWords: ArrayLike<number>, options: SimilarDescriptionOptions): Cluster[] {
  const links: Link[] = [];
  const representatives = linkEqualSets(features, contentWords, options.minContentWords, links);
  linkSimilarSets(features, representatives, options, links);
  return clusterLinks(features.count, links, {
    maxSize: options.maxDescriptions,
    agree: (a, b) => features.jaccard(a, b) >= options.floor,
  });
}

/** Links descriptions with identical feature sets (similarity 1) and returns one representative per set. */
function linkEqualSets(features: FeatureSets, contentWords: ArrayLike<number>, minContentWords: number, links: Link[]): number[] {
  const representativesByHash = new Map<number, number[]>();
  const representatives: number[] = [];
  for (let index = 0; index < features.count; index++) {
    if (contentWords[index] < minContentWords) continue;
    const hash = features.hash(index);
    const candidates = representativesByHash.get(hash);
    const equal = candidates?.find((candidate) => features.equal(candidate, index));
    if (equal !== undefined) {
      links.push({ a: equal, b: index, similarity: 1 });
      continue;
    }
    if (candidates) candidates.push(index);
    else representativesByHash.set(hash, [index]);
    representatives.push(index);
  }
  return representatives;
}

function linkSimilarSets(features: FeatureSets, representatives: readonly number[], options: SimilarDescriptionOptions, links: Link[]): void {
  const { bands, rows } = options.banding;
  const width = bands * rows;
  const seeds = minHashSeeds(width);
  const signatures = new Uint32Array(representatives.length * width);
  representatives.forEach((index, slot) => writeMinHashSignature(features.view(index), seeds, signatures, slot * width));
  forEachBandCandidate(signatures, representatives.length, options.banding, (i, j) => {
    const a = representatives[i];
    const b = representatives[j];
    const similarity = features.jaccard(a, b);
    if (similarity >= options.threshold) links.push({ a, b, similarity });
  });
}
