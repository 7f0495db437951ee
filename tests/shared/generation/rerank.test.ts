// n-best reranking: the choice follows the weighted features, and tuning finds the weights that
// raise corpus BLEU on lists where the forward model alone prefers the wrong (short) candidate.
import { describe, expect, it } from 'vitest';
import { segmentStatistics, tokenizeForBleuEval } from '../../../src/shared/metrics';
import { rerank, rerankScore, tuneReranker, type CandidateFeatures, type TuningList } from '../../../src/shared/generation/rerank';

const candidate = (name: string, features: CandidateFeatures) => ({ name, features });

describe('rerank', () => {
  const list = [
    candidate('short', { logProb: -1.0, length: 3, reverse: -20, parses: true }),
    candidate('long', { logProb: -2.5, length: 9, reverse: -12, parses: true }),
    candidate('broken', { logProb: -1.5, length: 8, reverse: -11, parses: false }),
  ];

  it('keeps the forward order when every other weight is 0', () => {
    expect(rerank(list, { length: 0, reverse: 0, parses: 0 }).map((c) => c.name)).toEqual(['short', 'broken', 'long']);
  });

  it('picks the candidate whose weighted score is highest', () => {
    const weights = { length: 0.2, reverse: 0.1, parses: 1 };
    // short: −1 + 0.6 − 2 + 1 = −1.4 · long: −2.5 + 1.8 − 1.2 + 1 = −0.9 · broken: −1.5 + 1.6 − 1.1 = −1.0
    expect(list.map((c) => rerankScore(c.features, weights))).toEqual([-1.4, expect.closeTo(-0.9, 10), expect.closeTo(-1.0, 10)]);
    expect(rerank(list, weights).map((c) => c.name)).toEqual(['long', 'broken', 'short']);
    // Without the parse bonus the broken one wins: it reads the whole description and is likely.
    expect(rerank(list, { length: 0.2, reverse: 0.1, parses: 0 })[0].name).toBe('broken');
  });

  it('breaks ties by beam order', () => {
    const tied = [candidate('a', { logProb: -1, length: 2 }), candidate('b', { logProb: -1, length: 2 })];
    expect(rerank(tied, { length: 0.5, reverse: 0, parses: 0 }).map((c) => c.name)).toEqual(['a', 'b']);
  });
});

describe('tuneReranker', () => {
  const tuningList = (reference: string, candidates: [string, CandidateFeatures][]): TuningList =>
    candidates.map(([code, features]) => ({ features, statistics: segmentStatistics(tokenizeForBleuEval(code), [tokenizeForBleuEval(reference)]) }));

  it('finds a length reward when the forward model prefers truncated code', () => {
    const lists = [
      tuningList('sorted(people, key=lambda x: x["age"])', [
        ['sorted(people)', { logProb: -1, length: 4 }],
        ['sorted(people, key=lambda x: x["age"])', { logProb: -2, length: 14 }],
      ]),
      tuningList('df.groupby("A").sum()', [
        ['df.sum()', { logProb: -0.5, length: 5 }],
        ['df.groupby("A").sum()', { logProb: -1.5, length: 10 }],
      ]),
    ];
    const tuned = tuneReranker(lists);
    expect(tuned.weights.length).toBeGreaterThan(0);
    expect(tuned.weights.reverse).toBe(0); // no reverse scores in these lists
    expect(tuned.bleu).toBeCloseTo(100, 5);
    expect(tuned.logProbBleu).toBeLessThan(tuned.bleu);
  });

  it('uses the reverse model when it separates the candidates', () => {
    const lists = [
      tuningList('os.remove(path)', [
        ['os.rmdir(path)', { logProb: -1, length: 4, reverse: -30 }],
        ['os.remove(path)', { logProb: -1.2, length: 4, reverse: -5 }],
      ]),
    ];
    const tuned = tuneReranker(lists);
    expect(tuned.weights.reverse).toBeGreaterThan(0);
    expect(tuned.bleu).toBeCloseTo(100, 5);
  });

  it('refuses to tune on nothing', () => {
    expect(() => tuneReranker([[]])).toThrow(/No candidates/);
  });
});
