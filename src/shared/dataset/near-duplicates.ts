// Duplicate and near-duplicate groups over a dataset, for curation side by side ("keep one" /
// "keep all"). Four kinds, each a partition of the pairs it groups (a pair is in at most one group
// per kind, and may be in groups of several kinds):
//   exact                same normalised description and same whitespace-normalised code;
//   same-description     same normalised description, at least two different codes;
//   similar-description  descriptions that differ in a few words (similar-descriptions.ts);
//   same-code-shape      code that differs only in names, literals and layout (code-shape-groups.ts).
// Pure and deterministic: the same pairs in the same order give the same groups in the same order.

import { codeShape } from './code-shape';
import { groupSameCodeShape, type ShapedPair } from './code-shape-groups';
import { contentWordsOfNormalized, descriptionFeatures } from './description-words';
import { FeatureSets } from './feature-sets';
import { hash32, hashFeatures } from './minhash';
import { normalizeCode, normalizeDescription } from './normalize';
import { groupSimilarDescriptions } from './similar-descriptions';
import { forEachRun, indicesSortedByKey } from './sort-by-key';

export type DuplicateKind = 'exact' | 'same-description' | 'similar-description' | 'same-code-shape';

export const DUPLICATE_KINDS: readonly DuplicateKind[] = ['exact', 'same-description', 'similar-description', 'same-code-shape'];

export interface DuplicateGroup {
  kind: DuplicateKind;
  /** Ids of the pairs, ascending. */
  ids: number[];
  /** similar-description only: Jaccard similarity of the weakest link that joined the group. */
  similarity?: number;
}

export interface DuplicateCandidate {
  id: number;
  description: string;
  code: string;
}

export interface DuplicateGroupOptions {
  /** Which kinds to compute (all by default). */
  kinds: readonly DuplicateKind[];
  /** similar-description: least Jaccard similarity of content words and word pairs for a link… */
  descriptionSimilarity: number;
  /** …and between every two descriptions of a group, so chains of links cannot drift from the topic. */
  descriptionSimilarityFloor: number;
  /** similar-description: descriptions with fewer content words take no part. */
  minDescriptionWords: number;
  /** same-code-shape: code with fewer tokens (layout not counted) never groups. */
  minCodeShapeTokens: number;
  /** same-code-shape: shapes with this many anchors group without help from the descriptions… */
  distinctiveShapeAnchors: number;
  /** …unless more pairs than this share the shape (an idiom, not a duplicate). */
  maxDistinctiveShapeGroup: number;
  /** same-code-shape, plainer shapes: least Jaccard similarity of the two descriptions (content words and word pairs)… */
  codeShapeDescriptionSimilarity: number;
  /** …and when the two codes have the same literals as well. */
  codeShapeSameLiteralsDescriptionSimilarity: number;
  /** Largest group built from links: distinct descriptions for similar-description, pairs for same-code-shape. */
  maxGroupSize: number;
  /** MinHash banding: bands × rows hash functions; a pair with Jaccard J is proposed with probability 1 - (1 - J^rows)^bands. */
  bands: number;
  rows: number;
  /** A bucket with more members compares each with only this many others, so no bucket costs quadratic time. */
  maxBucketSize: number;
}

// r = 4, b = 16: a pair at Jaccard 0.7 is proposed with probability 0.99, at 0.3 with 0.12.
export const DEFAULT_DUPLICATE_GROUP_OPTIONS: Readonly<DuplicateGroupOptions> = Object.freeze({
  kinds: DUPLICATE_KINDS,
  descriptionSimilarity: 0.7,
  descriptionSimilarityFloor: 0.6,
  minDescriptionWords: 2,
  minCodeShapeTokens: 6,
  distinctiveShapeAnchors: 6,
  maxDistinctiveShapeGroup: 20,
  codeShapeDescriptionSimilarity: 0.5,
  codeShapeSameLiteralsDescriptionSimilarity: 0.3,
  maxGroupSize: 100,
  bands: 16,
  rows: 4,
  maxBucketSize: 100,
});

/** What every kind needs about the pairs, computed in one pass. */
interface Indexed {
  ids: number[];
  /** Per pair: index of its normalised description (distinct descriptions in order of first use). */
  descriptionOf: Int32Array;
  /** Per distinct description: content words and word pairs (description-words.ts). */
  features: FeatureSets;
  /** Per distinct description: how many content words. */
  contentWords: number[];
  /** Per pair: index of its (description, code) class. */
  exactClassOf: Int32Array;
  shaped: ShapedPair[];
}

export function findDuplicateGroups(pairs: Iterable<DuplicateCandidate>, options: Partial<DuplicateGroupOptions> = {}): DuplicateGroup[] {
  const settings: DuplicateGroupOptions = { ...DEFAULT_DUPLICATE_GROUP_OPTIONS, ...options };
  const kinds = new Set(settings.kinds);
  const indexed = indexPairs(pairs, kinds.has('same-code-shape'));
  const groups: DuplicateGroup[] = [];
  const emit = (kind: DuplicateKind, members: readonly number[], similarity?: number) => {
    const ids = members.map((index) => indexed.ids[index]).sort((a, b) => a - b);
    groups.push(similarity === undefined ? { kind, ids } : { kind, ids, similarity });
  };
  if (kinds.has('exact')) for (const members of classes(indexed.exactClassOf)) emit('exact', members);
  if (kinds.has('same-description')) {
    for (const members of classes(indexed.descriptionOf)) if (spansSeveralExactClasses(indexed, members)) emit('same-description', members);
  }
  if (kinds.has('similar-description')) {
    for (const group of similarDescriptionPairs(indexed, settings)) emit('similar-description', group.members, group.similarity);
  }
  if (kinds.has('same-code-shape')) {
    for (const members of groupSameCodeShape(indexed.shaped, indexed.features, codeShapeOptions(settings))) {
      if (spansSeveralExactClasses(indexed, members)) emit('same-code-shape', members);
    }
  }
  const kindOrder = (kind: DuplicateKind) => DUPLICATE_KINDS.indexOf(kind);
  return groups.sort((x, y) => kindOrder(x.kind) - kindOrder(y.kind) || x.ids[0] - y.ids[0]);
}

function indexPairs(pairs: Iterable<DuplicateCandidate>, withShapes: boolean): Indexed {
  const ids: number[] = [];
  const descriptionIndex = new Map<string, number>();
  const exactIndex = new Map<string, number>();
  const shapeIndex = new Map<string, number>();
  const descriptionOf: number[] = [];
  const exactClassOf: number[] = [];
  const shaped: ShapedPair[] = [];
  const features = new FeatureSets();
  const contentWords: number[] = [];
  for (const pair of pairs) {
    ids.push(pair.id);
    const description = normalizeDescription(pair.description);
    let d = descriptionIndex.get(description);
    if (d === undefined) {
      d = descriptionIndex.size;
      descriptionIndex.set(description, d);
      const words = contentWordsOfNormalized(description);
      contentWords.push(words.length);
      features.add(hashFeatures(descriptionFeatures(words)));
    }
    descriptionOf.push(d);
    const exactKey = `${d}\u0000${normalizeCode(pair.code)}`;
    let e = exactIndex.get(exactKey);
    if (e === undefined) {
      e = exactIndex.size;
      exactIndex.set(exactKey, e);
    }
    exactClassOf.push(e);
    if (withShapes) {
      const shape = codeShape(pair.code);
      let s = shapeIndex.get(shape.key);
      if (s === undefined) {
        s = shapeIndex.size;
        shapeIndex.set(shape.key, s);
      }
      shaped.push({ shape: s, tokenCount: shape.tokenCount, anchorCount: shape.anchorCount, literals: hash32(shape.literals), description: d });
    }
  }
  return { ids, descriptionOf: Int32Array.from(descriptionOf), features, contentWords, exactClassOf: Int32Array.from(exactClassOf), shaped };
}

/** Members of every class with at least two, ordered by first member. */
function classes(classOf: Int32Array): number[][] {
  const keys = new Uint32Array(classOf.buffer, classOf.byteOffset, classOf.length);
  const order = indicesSortedByKey(keys);
  const out: number[][] = [];
  forEachRun(order, keys, (start, end) => {
    if (end - start >= 2) out.push(Array.from(order.subarray(start, end)));
  });
  return out.sort((x, y) => x[0] - y[0]);
}

/** A group whose pairs are all copies of one pair is already an exact group; repeating it says nothing new. */
function spansSeveralExactClasses(indexed: Indexed, members: readonly number[]): boolean {
  const first = indexed.exactClassOf[members[0]];
  return members.some((member) => indexed.exactClassOf[member] !== first);
}

/** Similar-description groups of distinct descriptions, expanded to the pairs that carry them. */
function similarDescriptionPairs(indexed: Indexed, settings: DuplicateGroupOptions): { members: number[]; similarity: number }[] {
  const pairsOf: number[][] = Array.from({ length: indexed.features.count }, () => []);
  indexed.descriptionOf.forEach((d, index) => pairsOf[d].push(index));
  const groups = groupSimilarDescriptions(indexed.features, indexed.contentWords, {
    threshold: settings.descriptionSimilarity,
    floor: settings.descriptionSimilarityFloor,
    minContentWords: settings.minDescriptionWords,
    maxDescriptions: settings.maxGroupSize,
    banding: { bands: settings.bands, rows: settings.rows, maxBucketSize: settings.maxBucketSize },
  });
  return groups.map((group) => ({ members: group.members.flatMap((d) => pairsOf[d]), similarity: group.similarity }));
}

function codeShapeOptions(settings: DuplicateGroupOptions) {
  return {
    minTokens: settings.minCodeShapeTokens,
    distinctiveAnchors: settings.distinctiveShapeAnchors,
    maxDistinctiveGroup: settings.maxDistinctiveShapeGroup,
    descriptionSimilarity: settings.codeShapeDescriptionSimilarity,
    sameLiteralsDescriptionSimilarity: settings.codeShapeSameLiteralsDescriptionSimilarity,
    maxGroupSize: settings.maxGroupSize,
    maxBucketSize: settings.maxBucketSize,
  };
}
