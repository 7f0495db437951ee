// Exact match and syntax-valid rate: percent of examples, on cases counted by hand.
import { describe, expect, it } from 'vitest';
import { exactMatch, exactMatchFromTokens, isExactMatch } from '../../../src/shared/metrics/exact-match';
import { syntaxValidRate } from '../../../src/shared/metrics/syntax-valid-rate';

describe('exactMatch', () => {
  it('counts examples whose CoNaLa token lists are equal, in percent', () => {
    const hyps = [`f("a")`, 'x  =  1', 'x = 2', 'sorted(x)'];
    const refs = [`f('a')`, 'x=1', 'x = 1', 'sorted(x, reverse=True)'];
    // 1 (quotes differ only) and 2 (spacing only) match; 3 and 4 do not → 2/4.
    expect(exactMatch(hyps, refs)).toBe(50);
  });

  it('is case and token sensitive', () => {
    expect(isExactMatch('X = 1', 'x = 1')).toBe(false);
    expect(isExactMatch('ab', 'a b')).toBe(false);
    expect(isExactMatch(`d['k']`, `d["k"]`)).toBe(true);
  });

  it('handles empty input and explains mismatched lengths', () => {
    expect(exactMatch([], [])).toBe(0);
    expect(exactMatchFromTokens([[]], [[]])).toBe(100);
    expect(() => exactMatch(['a', 'b'], ['a'])).toThrow(/2 hypotheses but 1 references/);
  });
});

describe('syntaxValidRate', () => {
  it('is the percent of true verdicts', () => {
    expect(syntaxValidRate([true, false, true, true])).toBe(75);
    expect(syntaxValidRate([])).toBe(0);
  });

  it('names the bad verdict when given something other than booleans', () => {
    expect(() => syntaxValidRate([true, 'yes' as unknown as boolean])).toThrow(/verdict 2 is string/);
  });
});
