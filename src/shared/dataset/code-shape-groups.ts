// Groups of pairs whose code has the same shape (code-shape.ts): renamed variables, other
// literals, other layout. The same shape alone is not enough for short code. On CoNaLa-Large,
// `re.sub(STR, STR, ID0)` is the shape of 176 unrelated answers (the regex is the program),
// `os.system(STR)` of 130, `x.mainloop()` of 114, `STR` of 77: groups nobody can curate. So:
//  - code under `minTokens` tokens never groups (`print(x)`, `root.mainloop()`);
//  - a shape with at least `distinctiveAnchors` anchors (kept names and operators: what the code
//    does) groups on its own: on the seed file this finds "Python Program to Find LCM" / "find
//    the L.C.M. of two input number" and "python ReLu function" / "… makes all negative values in a
//    list zero", which no description measure links. Unless more than `maxDistinctiveGroup` pairs
//    share it: then it is an idiom (`[x for x in a if x.strip()]`) and is treated as plain;
//  - a plainer shape links two pairs only when their descriptions are related too (Jaccard of
//    content words and word pairs ≥ `descriptionSimilarity`, or ≥ `sameLiteralsDescriptionSimilarity`
//    when the literals are equal as well, i.e. the code differs in names and layout only):
//    "remove tags from a string" and "delete digits at the end of string" both call re.sub but are
//    not duplicates; "get the first element of each tuple in `rows`" and "get first element of
//    each tuple in list `a`" are. Every two pairs of a group must reach the lower of the two.

import type { FeatureSets } from './feature-sets';
import { clusterLinks, type Link } from './link-clusters';
import { forEachRun, indicesSortedByKey } from './sort-by-key';

export interface CodeShapeGroupOptions {
  minTokens: number;
  distinctiveAnchors: number;
  maxDistinctiveGroup: number;
  descriptionSimilarity: number;
  sameLiteralsDescriptionSimilarity: number;
  /** Largest group built from description links, in pairs; strongest links first. */
  maxGroupSize: number;
  /** Above this many pairs, a shape's pairs meet through shared description features, each only the next this many per feature. */
  maxBucketSize: number;
}

export interface ShapedPair {
  shape: number;
  tokenCount: number;
  anchorCount: number;
  /** Hash of the literals in order (CodeShape.literals). */
  literals: number;
  /** Index of the pair's description in the FeatureSets given. */
  description: number;
}

/** Groups of indices into `pairs`, each sorted, ordered by their first index. */
export function groupSameCodeShape(pairs: readonly ShapedPair[], descriptions: FeatureSets, options: CodeShapeGroupOptions): number[][] {
  const similarity = (a: number, b: number) => descriptions.jaccard(pairs[a].description, pairs[b].description);
  const groups: number[][] = [];
  const links: Link[] = [];
  forEachShape(pairs, options.minTokens, (members) => {
    if (pairs[members[0]].anchorCount >= options.distinctiveAnchors && members.length <= options.maxDistinctiveGroup) {
      groups.push(members);
      return;
    }
    const representatives = linkSameDescriptions(pairs, members, links);
    forEachDescriptionCandidate(pairs, descriptions, representatives, options.maxBucketSize, (a, b) => {
      const linkSimilarity = similarity(a, b);
      const least = pairs[a].literals === pairs[b].literals ? options.sameLiteralsDescriptionSimilarity : options.descriptionSimilarity;
      if (linkSimilarity >= least) links.push({ a, b, similarity: linkSimilarity });
    });
  });
  const floor = options.sameLiteralsDescriptionSimilarity;
  const linked = clusterLinks(pairs.length, links, {
    maxSize: options.maxGroupSize,
    agree: (a, b) => similarity(a, b) >= floor,
  });
  for (const cluster of linked) groups.push(cluster.members);
  return groups.sort((x, y) => x[0] - y[0]);
}

/**
 * Links the pairs of one shape that share a description (similarity 1, one link per pair, in a
 * chain) and returns the first pair of each description: only those are compared further, so ten
 * thousand copies of one pair cost ten thousand links, not a million comparisons.
 */
function linkSameDescriptions(pairs: readonly ShapedPair[], members: readonly number[], links: Link[]): number[] {
  const lastWithDescription = new Map<number, number>();
  const representatives: number[] = [];
  for (const member of members) {
    const previous = lastWithDescription.get(pairs[member].description);
    if (previous === undefined) representatives.push(member);
    else links.push({ a: previous, b: member, similarity: 1 });
    lastWithDescription.set(pairs[member].description, member);
  }
  return representatives;
}

/** Calls `visit` with the pairs of each shape that at least two pairs of `minTokens` tokens or more share, ascending. */
function forEachShape(pairs: readonly ShapedPair[], minTokens: number, visit: (members: number[]) => void): void {
  const eligible: number[] = [];
  pairs.forEach((pair, index) => {
    if (pair.tokenCount >= minTokens) eligible.push(index);
  });
  const shapes = Uint32Array.from(eligible, (index) => pairs[index].shape);
  const order = indicesSortedByKey(shapes);
  forEachRun(order, shapes, (start, end) => {
    if (end - start >= 2) visit(Array.from(order.subarray(start, end), (k) => eligible[k]));
  });
}

/**
 * Every two members sharing a description feature, each pair once. In a big shape, a member meets
 * only the next `window` members of each of its features' lists, so the cost stays linear.
 */
function forEachDescriptionCandidate(pairs: readonly ShapedPair[], descriptions: FeatureSets, members: readonly number[], window: number, visit: (a: number, b: number) => void): void {
  if (members.length <= window) {
    for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) visit(members[i], members[j]);
    return;
  }
  const byFeature = new Map<number, number[]>();
  members.forEach((member, local) => {
    for (const feature of descriptions.view(pairs[member].description)) {
      const list = byFeature.get(feature);
      if (list) list.push(local);
      else byFeature.set(feature, [local]);
    }
  });
  // lastVisitor[j] === i: the pair (i, j) was already visited through another feature.
  const lastVisitor = new Int32Array(members.length).fill(-1);
  members.forEach((member, local) => {
    for (const feature of descriptions.view(pairs[member].description)) {
      const list = byFeature.get(feature)!;
      const from = firstAfter(list, local);
      const to = Math.min(list.length, from + window);
      for (let k = from; k < to; k++) {
        const other = list[k];
        if (lastVisitor[other] === local) continue;
        lastVisitor[other] = local;
        visit(member, members[other]);
      }
    }
  });
}

/** Position of the first value greater than `value` in an ascending list. */
function firstAfter(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
