// Statistics of a set of pairs, for the dataset view and the CLI: counts, length distributions of
// descriptions and code, duplicates, and (when a syntax check is given) the share of code that
// parses. Quantiles interpolate linearly between order statistics, like numpy's default.

import type { SyntaxCheck } from './clean';
import { codeChars, codeLines, codeTokens, descriptionWords } from './measure';
import { normalizeCode, normalizeDescription } from './normalize';
import type { Pair } from './pair';

export interface Distribution {
  min: number;
  median: number;
  mean: number;
  p90: number;
  p99: number;
  max: number;
}

export interface DatasetStats {
  pairs: number;
  uniquePairs: number;
  /** Pairs beyond the first of each group of duplicates (pairs - uniquePairs). */
  duplicatePairs: number;
  uniqueDescriptions: number;
  uniqueCode: number;
  descriptionWords: Distribution;
  codeLines: Distribution;
  codeChars: Distribution;
  codeTokens: Distribution;
  /** Present when a syntax check was given. */
  parsing?: { checked: number; ok: number; share: number };
}

export interface StatsOptions {
  checkSyntax?: SyntaxCheck;
  /** Python tokenization is the slow part on big sets; set false to skip it (codeTokens is then all zeros). */
  countTokens?: boolean;
}

export function computeStats(pairs: readonly Pair[], options: StatsOptions = {}): DatasetStats {
  const descriptions = new Set<string>();
  const codes = new Set<string>();
  const both = new Set<string>();
  const words: number[] = [];
  const lines: number[] = [];
  const chars: number[] = [];
  const tokens: number[] = [];
  let parsed = 0;
  for (const pair of pairs) {
    const d = normalizeDescription(pair.description);
    const c = normalizeCode(pair.code);
    descriptions.add(d);
    codes.add(c);
    both.add(d + '\u0000' + c);
    words.push(descriptionWords(pair.description));
    lines.push(codeLines(pair.code));
    chars.push(codeChars(pair.code));
    tokens.push(options.countTokens === false ? 0 : codeTokens(pair.code));
    if (options.checkSyntax?.(pair.code).ok) parsed++;
  }
  return {
    pairs: pairs.length,
    uniquePairs: both.size,
    duplicatePairs: pairs.length - both.size,
    uniqueDescriptions: descriptions.size,
    uniqueCode: codes.size,
    descriptionWords: distribution(words),
    codeLines: distribution(lines),
    codeChars: distribution(chars),
    codeTokens: distribution(tokens),
    ...(options.checkSyntax ? { parsing: { checked: pairs.length, ok: parsed, share: pairs.length ? parsed / pairs.length : 0 } } : {}),
  };
}

/** min, median, mean, p90, p99, max; all zeros for no values. */
export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { min: 0, median: 0, mean: 0, p90: 0, p99: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((total, v) => total + v, 0);
  return {
    min: sorted[0],
    median: quantile(sorted, 0.5),
    mean: sum / sorted.length,
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1],
  };
}

/** Linear interpolation between the order statistics around (n - 1) · q of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * Math.min(Math.max(q, 0), 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}
