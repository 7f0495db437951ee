// Clusters from scored links: strongest links first, and a link joins two clusters only when the
// result stays small enough and every two members of it still agree. Plain union-find (single
// linkage) lets chains snowball: on CoNaLa-Large, "convert a list to a dictionary" → "… list of
// dictionaries into a flat dictionary" → "… list of dictionaries to json" made one group of 55.
// Requiring every pair to agree (a complete-linkage floor) keeps each group about one thing.

export interface Link {
  a: number;
  b: number;
  similarity: number;
}

export interface LinkClusterOptions {
  /** Largest cluster, in items. */
  maxSize: number;
  /** Must hold for every two members of a merged cluster. */
  agree: (a: number, b: number) => boolean;
}

export interface Cluster {
  /** Sorted item indices. */
  members: number[];
  /** Similarity of the weakest link that built the cluster. */
  similarity: number;
}

/** Clusters of at least two items over 0…count-1, ordered by their first member. Deterministic for a given link list. */
export function clusterLinks(count: number, links: Link[], options: LinkClusterOptions): Cluster[] {
  const clusterOf = new Int32Array(count);
  for (let i = 0; i < count; i++) clusterOf[i] = i;
  const members = new Map<number, number[]>();
  const weakest = new Map<number, number>();
  const ordered = [...links].sort((x, y) => y.similarity - x.similarity || x.a - y.a || x.b - y.b);
  for (const link of ordered) {
    let keep = clusterOf[link.a];
    let drop = clusterOf[link.b];
    if (keep === drop) continue;
    const keepMembers = members.get(keep) ?? [keep];
    const dropMembers = members.get(drop) ?? [drop];
    if (keepMembers.length + dropMembers.length > options.maxSize) continue;
    if (!allAgree(keepMembers, dropMembers, options.agree)) continue;
    if (keepMembers.length < dropMembers.length) [keep, drop] = [drop, keep];
    const into = members.get(keep) ?? [keep];
    for (const item of members.get(drop) ?? [drop]) {
      clusterOf[item] = keep;
      into.push(item);
    }
    members.set(keep, into);
    members.delete(drop);
    weakest.set(keep, Math.min(link.similarity, weakest.get(keep) ?? Infinity, weakest.get(drop) ?? Infinity));
    weakest.delete(drop);
  }
  const clusters: Cluster[] = [];
  for (const [id, list] of members) clusters.push({ members: list.sort((x, y) => x - y), similarity: weakest.get(id) ?? 1 });
  return clusters.sort((x, y) => x.members[0] - y.members[0]);
}

function allAgree(left: readonly number[], right: readonly number[], agree: (a: number, b: number) => boolean): boolean {
  for (const a of left) for (const b of right) if (!agree(a, b)) return false;
  return true;
}
