// Dataset statistics on pairs whose numbers can be counted by hand.
import { describe, expect, it } from 'vitest';
import type { SyntaxCheck } from '../../../src/shared/dataset/clean';
import { codeChars, codeLines, codeTokens, descriptionWords } from '../../../src/shared/dataset/measure';
import { pairId } from '../../../src/shared/dataset/normalize';
import type { Pair } from '../../../src/shared/dataset/pair';
import { computeStats, distribution, quantile } from '../../../src/shared/dataset/stats';

const pair = (description: string, code: string): Pair => ({ id: pairId(description, code), description, code, source: { file: 'f' } });

describe('quantile / distribution', () => {
  it('interpolates like numpy', () => {
    const sorted = [1, 2, 3, 4];
    expect(quantile(sorted, 0.5)).toBe(2.5); // numpy.percentile([1,2,3,4], 50)
    expect(quantile(sorted, 0.9)).toBeCloseTo(3.7, 12); // numpy.percentile([1,2,3,4], 90)
    expect(quantile([7], 0.99)).toBe(7);
  });

  it('summarises values and is all zeros for none', () => {
    expect(distribution([5, 1, 3])).toEqual({ min: 1, median: 3, mean: 3, p90: 4.6, p99: 4.96, max: 5 });
    expect(distribution([])).toEqual({ min: 0, median: 0, mean: 0, p90: 0, p99: 0, max: 0 });
  });
});

describe('measures', () => {
  it('count words, non-blank lines, characters and tokens', () => {
    expect(descriptionWords('  add   two numbers ')).toBe(3);
    expect(descriptionWords('')).toBe(0);
    expect(codeLines('a = 1\n\n  \nb = 2\n')).toBe(2);
    expect(codeChars('ab\n  ')).toBe(2);
    // if x : NEWLINE INDENT y NEWLINE DEDENT → 8 tokens (ENDMARKER not counted)
    expect(codeTokens('if x:\n    y')).toBe(8);
  });
});

describe('computeStats', () => {
  const pairs = [
    pair('add one', 'x = x + 1'),
    pair('#1 Add one.', 'x  =  x + 1'), // duplicate of the first after normalisation
    pair('add one', 'x += 1'),
    pair('print it', 'print x'),
  ];
  const check: SyntaxCheck = (code) => (code.startsWith('print ') ? { ok: false, line: 1, col: 6, message: 'SyntaxError' } : { ok: true });

  it('counts pairs, duplicates and unique descriptions', () => {
    const stats = computeStats(pairs);
    expect(stats).toMatchObject({ pairs: 4, uniquePairs: 3, duplicatePairs: 1, uniqueDescriptions: 2, uniqueCode: 3 });
    expect(stats.parsing).toBeUndefined();
    expect(stats.descriptionWords).toMatchObject({ min: 2, max: 3, median: 2 });
    expect(stats.codeLines).toMatchObject({ min: 1, max: 1 });
  });

  it('reports the share that parses when given a checker', () => {
    expect(computeStats(pairs, { checkSyntax: check }).parsing).toEqual({ checked: 4, ok: 3, share: 0.75 });
  });

  it('handles an empty set', () => {
    expect(computeStats([])).toMatchObject({ pairs: 0, uniquePairs: 0, duplicatePairs: 0 });
  });
});
