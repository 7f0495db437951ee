// Reads one dataset version through once and works out what the Datasets view shows about it:
// each pair's lengths, split and whether it parses; length histograms, vocabularies and their
// coverage at the model's limit; duplicate and near-duplicate groups. Runs in a worker thread
// (analysis-worker.ts), reading the database on its own connection.
import type { AnalysisProgress, LengthBin, VersionStats, VocabularyStats } from '../../../shared/dataset/analysis';
import { descriptionWords } from '../../../shared/dataset/measure';
import { binsOf, isOpenBin } from '../../../shared/dataset/histogram-bins';
import { DUPLICATE_KINDS, findDuplicateGroups, type DuplicateGroup, type DuplicateKind } from '../../../shared/dataset/near-duplicates';
import { splitPairs, type SplitName } from '../../../shared/dataset/split';
import { tokenizeEnglish } from '../../../shared/tokenizer/english-tokenizer';
import { tokenizePythonTolerant } from '../../../shared/tokenizer/python-tokenizer';
import type { DatasetStore } from '../store/dataset-store';

/** Every pair is compiled up to this size; a larger version is checked on an evenly spaced sample. */
export const PARSE_ALL_UP_TO = 50_000;
const PARSE_SAMPLE = 20_000;
const TOP = 15;

export interface PairFacts {
  /** Pair ids in version order; the other arrays are indexed alike. */
  ids: Float64Array;
  descriptionWords: Uint32Array;
  codeTokens: Uint32Array;
  /** 0 train, 1 validation, 2 test. */
  split: Uint8Array;
  /** 1 parses, 0 does not, -1 not checked (a large version's pairs outside the sample). */
  parses: Int8Array;
}

export interface VersionAnalysis {
  stats: VersionStats;
  facts: PairFacts;
  groups: DuplicateGroup[];
}

export const SPLIT_CODES: readonly SplitName[] = ['train', 'validation', 'test'];

export interface AnalyseOptions {
  maxVocabulary: number;
  /** CPython's verdict on one snippet (the worker loads Pyodide); undefined skips the syntax check. */
  parses?: (code: string) => boolean;
  onProgress?: (progress: Omit<AnalysisProgress, 'versionId'>) => void;
}

export function analyseVersion(store: DatasetStore, versionId: number, options: AnalyseOptions): VersionAnalysis {
  const started = Date.now();
  const version = store.version(versionId);
  const n = version.pairCount;
  const report = (phase: AnalysisProgress['phase'], done: number) => options.onProgress?.({ phase, done, total: n });
  const facts: PairFacts = {
    ids: new Float64Array(n), descriptionWords: new Uint32Array(n), codeTokens: new Uint32Array(n), split: new Uint8Array(n), parses: new Int8Array(n).fill(-1),
  };
  const splitInput: { description: string; group?: string; index: number }[] = [];
  const candidates: { id: number; description: string; code: string }[] = [];
  const englishCounts = new Map<string, number>();
  const codeCounts = new Map<string, number>();
  const sampleEvery = n > PARSE_ALL_UP_TO ? Math.ceil(n / PARSE_SAMPLE) : 1;
  let checked = 0;
  let failed = 0;
  let i = 0;
  report('reading', 0);
  for (const pair of store.iteratePairs(versionId)) {
    facts.ids[i] = pair.id;
    facts.descriptionWords[i] = descriptionWords(pair.description);
    for (const word of tokenizeEnglish(pair.description)) englishCounts.set(word, (englishCounts.get(word) ?? 0) + 1);
    // Counted as measure.ts's codeTokens counts (layout included), from the same tokenization.
    let length = 0;
    for (const token of tokenizePythonTolerant(pair.code).tokens) {
      if (token.type !== 'ENDMARKER') length++;
      if (token.type === 'ENDMARKER' || token.type === 'NL' || token.type === 'NEWLINE' || token.type === 'COMMENT') continue;
      const text = token.type === 'INDENT' ? '<INDENT>' : token.type === 'DEDENT' ? '<DEDENT>' : token.text;
      codeCounts.set(text, (codeCounts.get(text) ?? 0) + 1);
    }
    facts.codeTokens[i] = length;
    if (options.parses && i % sampleEvery === 0) {
      const ok = options.parses(pair.code);
      facts.parses[i] = ok ? 1 : 0;
      checked++;
      if (!ok) failed++;
    }
    splitInput.push({ description: pair.description, ...(pair.group !== undefined ? { group: pair.group } : {}), index: i });
    candidates.push({ id: pair.id, description: pair.description, code: pair.code });
    i++;
    if (i % 5_000 === 0) report(options.parses ? 'checking syntax' : 'measuring', i);
  }

  const parts = splitPairs(splitInput, version.split ?? {});
  SPLIT_CODES.forEach((name, code) => parts[name].forEach((p) => (facts.split[p.index] = code)));

  report('grouping duplicates', n);
  const groups = findDuplicateGroups(candidates);
  const duplicates = Object.fromEntries(DUPLICATE_KINDS.map((k) => [k, { groups: 0, pairs: 0 }])) as Record<DuplicateKind, { groups: number; pairs: number }>;
  for (const g of groups) {
    duplicates[g.kind].groups++;
    duplicates[g.kind].pairs += g.ids.length;
  }
  report('done', n);
  return {
    facts,
    groups,
    stats: {
      versionId, pairs: n,
      descriptionWords: lengthBins(facts.descriptionWords), codeTokens: lengthBins(facts.codeTokens),
      descriptionVocabulary: vocabulary(englishCounts, options.maxVocabulary), codeVocabulary: vocabulary(codeCounts, options.maxVocabulary),
      parse: { checked, failed, sampled: sampleEvery > 1 },
      splits: { train: parts.train.length, validation: parts.validation.length, test: parts.test.length },
      duplicates, milliseconds: Date.now() - started,
    },
  };
}

/**
 * The shared binning (nice integer edges, a long tail folded into one open bin), with the open
 * bin's end made finite for the wire: JSON has no Infinity.
 */
export function lengthBins(values: Uint32Array): LengthBin[] {
  let longest = 0;
  for (const v of values) longest = Math.max(longest, v);
  return binsOf(values).map((b) => (isOpenBin(b) ? { from: b.from, to: longest + 1, count: b.count, open: true } : { from: b.from, to: b.to, count: b.count }));
}

function vocabulary(counts: Map<string, number>, limit: number): VocabularyStats {
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  let tokens = 0;
  let covered = 0;
  sorted.forEach(([, count], rank) => {
    tokens += count;
    if (rank < limit) covered += count;
  });
  return { types: sorted.length, tokens, limit, coverage: tokens ? covered / tokens : 1, top: sorted.slice(0, TOP).map(([token, count]) => ({ token, count })) };
}
