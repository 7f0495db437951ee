// Which pairs of an analysed version pass the browser's analysis filters (lengths, split, syntax,
// duplicate groups), as pair ids for the store's query.
import type { AnalysisFilter, PairSort } from '../../../shared/dataset/analysis';
import { fnv1a64 } from '../../../shared/dataset/hash';
import type { DuplicateGroup } from '../../../shared/dataset/near-duplicates';
import { SPLIT_CODES, type VersionAnalysis } from './analyse-version';

export function isEmptyFilter(filter: AnalysisFilter | undefined): filter is undefined {
  return !filter || Object.values(filter).every((v) => v === undefined);
}

/** A group's key: its kind and members, so "keep all" survives re-analysis of the same pairs. */
export function groupKey(group: DuplicateGroup): string {
  return `${group.kind}:${fnv1a64(group.ids.join(','))}`;
}

export function idsMatching(analysis: VersionAnalysis, filter: AnalysisFilter, dismissed: ReadonlySet<string>): number[] {
  const { facts } = analysis;
  let grouped: Set<number> | null = null;
  if (filter.duplicates) {
    grouped = new Set();
    for (const g of analysis.groups) {
      if ((filter.duplicates === 'any' || g.kind === filter.duplicates) && !dismissed.has(groupKey(g))) for (const id of g.ids) grouped.add(id);
    }
  }
  const split = filter.split ? SPLIT_CODES.indexOf(filter.split) : -1;
  const out: number[] = [];
  for (let i = 0; i < facts.ids.length; i++) {
    if (filter.descriptionWords && !within(facts.descriptionWords[i], filter.descriptionWords)) continue;
    if (filter.codeTokens && !within(facts.codeTokens[i], filter.codeTokens)) continue;
    if (split !== -1 && facts.split[i] !== split) continue;
    if (filter.parses !== undefined && facts.parses[i] !== (filter.parses ? 1 : 0)) continue;
    if (grouped && !grouped.has(facts.ids[i])) continue;
    out.push(facts.ids[i]);
  }
  return out;
}

/** `ids` (pairs of the analysed version) ordered by a length, ties kept in version order. */
export function sortedBy(analysis: VersionAnalysis, ids: readonly number[], sort: PairSort): number[] {
  const { facts } = analysis;
  const index = new Map<number, number>();
  for (let i = 0; i < facts.ids.length; i++) index.set(facts.ids[i], i);
  const values = sort.by === 'codeTokens' ? facts.codeTokens : facts.descriptionWords;
  const sign = sort.descending ? -1 : 1;
  const at = ids.map((id) => index.get(id)!);
  at.sort((a, b) => sign * (values[a] - values[b]) || a - b);
  return at.map((i) => facts.ids[i]);
}

function within(value: number, [from, to]: [number, number]): boolean {
  return value >= from && value < to;
}
