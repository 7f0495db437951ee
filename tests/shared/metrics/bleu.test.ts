// BLEU on cases small enough to work out by hand (the arithmetic is in each test's comment), the
// TF NMT edge cases (shortest reference, clipping, zero precision), and the smoothed sentence score.
import { describe, expect, it } from 'vitest';
import { computeBleu, corpusBleu, corpusBleuFromTokens, sentenceBleu } from '../../../src/shared/metrics/bleu';

const words = (s: string): string[] => s.split(' ').filter(Boolean);

describe('computeBleu (TF NMT compute_bleu)', () => {
  it('gives 1 for an identical corpus', () => {
    const r = computeBleu([[words('a b c d e')]], [words('a b c d e')]);
    expect(r.bleu).toBe(1);
    expect(r.precisions).toEqual([1, 1, 1, 1]);
    expect(r.brevityPenalty).toBe(1);
  });

  it('sums matches over the corpus before taking precisions', () => {
    // Ex 1: hyp "a b c d e" vs ref "a b c d f": 1-grams 4/5, 2-grams 3/4, 3-grams 2/3, 4-grams 1/2.
    // Ex 2: hyp = ref "x y z w": 4/4, 3/3, 2/2, 1/1.
    // Corpus: 8/9, 6/7, 4/5, 2/3; c = r = 9, BP = 1. BLEU = (8/9 · 6/7 · 4/5 · 2/3)^(1/4).
    const r = computeBleu([[words('a b c d f')], [words('x y z w')]], [words('a b c d e'), words('x y z w')]);
    expect(r.precisions).toEqual([8 / 9, 6 / 7, 4 / 5, 2 / 3]);
    expect(r.bleu).toBeCloseTo(Math.pow((8 / 9) * (6 / 7) * (4 / 5) * (2 / 3), 1 / 4), 12);
    // Averaging sentence scores instead would give a different number: make sure we did not.
    const perSentence = (Math.pow((4 / 5) * (3 / 4) * (2 / 3) * (1 / 2), 1 / 4) + 1) / 2;
    expect(Math.abs(r.bleu - perSentence)).toBeGreaterThan(1e-3);
  });

  it('clips a repeated n-gram at its count in the reference', () => {
    // hyp "the the the the" vs ref "the cat": unigram matches min(4, 1) = 1 → 1/4; no bigram matches → BLEU 0.
    const r = computeBleu([[words('the cat')]], [words('the the the the')]);
    expect(r.precisions[0]).toBe(1 / 4);
    expect(r.precisions[1]).toBe(0);
    expect(r.bleu).toBe(0);
  });

  it('applies the brevity penalty exp(1 - r/c) when the hypothesis is shorter', () => {
    // hyp "a b c d" vs ref "a b c d e f": all precisions 1, c = 4, r = 6 → BP = exp(1 - 6/4) = exp(-0.5).
    const r = computeBleu([[words('a b c d e f')]], [words('a b c d')]);
    expect(r.precisions).toEqual([1, 1, 1, 1]);
    expect(r.lengthRatio).toBe(4 / 6);
    expect(r.brevityPenalty).toBeCloseTo(Math.exp(-0.5), 15);
    expect(r.bleu).toBeCloseTo(Math.exp(-0.5), 15);
  });

  it('does not reward a longer hypothesis beyond BP = 1', () => {
    // hyp "a b c d e" vs ref "a b c d": 4/5, 3/4, 2/3, 1/2, BP = 1.
    const r = computeBleu([[words('a b c d')]], [words('a b c d e')]);
    expect(r.brevityPenalty).toBe(1);
    expect(r.bleu).toBeCloseTo(Math.pow((4 / 5) * (3 / 4) * (2 / 3) * (1 / 2), 1 / 4), 12);
  });

  it('is 0 without smoothing when a hypothesis is too short to have any 4-gram', () => {
    const r = computeBleu([[words('a b c')]], [words('a b c')]);
    expect(r.precisions).toEqual([1, 1, 1, 0]);
    expect(r.bleu).toBe(0);
  });

  it('with several references, clips by the highest count in any and uses the shortest length', () => {
    // refs "a a b" and "a c c c c": clip for "a" is max(2, 1) = 2; shortest reference length 3.
    const r = computeBleu([[words('a a b'), words('a c c c c')]], [words('a a a')], { maxOrder: 1 });
    expect(r.precisions).toEqual([2 / 3]);
    expect(r.referenceLength).toBe(3);
    expect(r.bleu).toBeCloseTo(2 / 3, 15);
  });

  it('returns 0 instead of dividing by zero for empty hypotheses', () => {
    const r = computeBleu([[words('a b')]], [[]]);
    expect(r.bleu).toBe(0);
    expect(r.brevityPenalty).toBe(0);
    expect(computeBleu([], []).bleu).toBe(0);
  });

  it('explains mismatched or malformed input', () => {
    expect(() => computeBleu([[words('a')]], [])).toThrow(/0 hypotheses but 1 reference sets/);
    expect(() => computeBleu([[]], [words('a')])).toThrow(/example 1 has no reference/);
    expect(() => computeBleu([[words('a')]], [words('a')], { maxOrder: 0 })).toThrow(/maxOrder must be a positive integer/);
  });

  it('keeps n-grams of tokens containing odd characters apart', () => {
    // A 1-gram "a b" must not be confused with the 2-gram ("a", "b").
    const r = computeBleu([[['a', 'b']]], [['a b']], { maxOrder: 2 });
    expect(r.precisions[0]).toBe(0);
  });
});

describe('corpusBleu (CoNaLa: tokenize, BLEU-4, ×100)', () => {
  it('tokenizes code first, so quote style and spacing do not cost anything', () => {
    expect(corpusBleu([`print( "hello world" )`], [`print('hello world')`])).toBe(100);
  });

  it('equals 100 × computeBleu on the CoNaLa tokens', () => {
    // hyp tokens: x = sorted ( y , reverse = True ) → 10 tokens; ref: x = sorted ( y ) → 6 tokens.
    // 1-grams 6/10 (the second "=" is clipped), 2-grams 4/9 (x =, = sorted, sorted (, ( y),
    // 3-grams 3/8, 4-grams 2/7; c > r so BP = 1.
    const score = corpusBleu(['x = sorted(y, reverse=True)'], ['x = sorted(y)']);
    expect(score).toBeCloseTo(100 * Math.pow((6 / 10) * (4 / 9) * (3 / 8) * (2 / 7), 1 / 4), 10);
  });

  it('agrees with corpusBleuFromTokens and rejects unequal lengths', () => {
    expect(corpusBleuFromTokens([words('a b c d e')], [words('a b c d e')])).toBe(100);
    expect(() => corpusBleu(['a'], [])).toThrow(/1 hypotheses but 0 references/);
    expect(corpusBleu([], [])).toBe(0);
  });
});

describe('sentenceBleu (compute_bleu smooth=True: add-one on every order)', () => {
  it('scores an identical snippet 100, even one shorter than four tokens', () => {
    expect(sentenceBleu('x = 1', 'x = 1')).toBe(100);
    expect(sentenceBleu('f()', "f()")).toBe(100);
  });

  it('gives a graded score where unsmoothed BLEU gives 0', () => {
    // hyp tokens "x = 2" vs ref "x = 1": matches 2/3, 1/2, 0/1, 0/0 → smoothed 3/4, 2/3, 1/2, 1/1.
    // c = r = 3 → BP = 1. Score = 100 · (3/4 · 2/3 · 1/2 · 1)^(1/4).
    expect(corpusBleu(['x = 2'], ['x = 1'])).toBe(0);
    expect(sentenceBleu('x = 2', 'x = 1')).toBeCloseTo(100 * Math.pow((3 / 4) * (2 / 3) * (1 / 2), 1 / 4), 10);
  });

  it('scores an empty hypothesis 0 and ranks closer snippets higher', () => {
    expect(sentenceBleu('', 'x = 1')).toBe(0);
    const close = sentenceBleu('y = sorted(x, key=len)', 'y = sorted(x, key=len, reverse=True)');
    const far = sentenceBleu('print(x)', 'y = sorted(x, key=len, reverse=True)');
    expect(close).toBeGreaterThan(far);
    expect(close).toBeLessThan(100);
  });
});
