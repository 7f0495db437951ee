// The split is a pure function of (normalised description, salt): stable when pairs are added,
// never leaking a description across splits, close to the requested fractions.
import { describe, expect, it } from 'vitest';
import { pairId } from '../../../src/shared/dataset/normalize';
import type { Pair } from '../../../src/shared/dataset/pair';
import { assignSplit, splitPairs, validateFractions, type DatasetSplit } from '../../../src/shared/dataset/split';

function pair(description: string, code: string): Pair {
  return { id: pairId(description, code), description, code, source: { file: 'f' } };
}

function makePairs(n: number, offset = 0): Pair[] {
  return Array.from({ length: n }, (_, i) => pair(`write a program number ${i + offset}`, `x = ${i + offset}`));
}

const whereIs = (split: DatasetSplit) => {
  const map = new Map<string, string>();
  for (const name of ['train', 'validation', 'test'] as const) for (const p of split[name]) map.set(p.id, name);
  return map;
};

describe('splitPairs', () => {
  it('approximates 0.8 / 0.1 / 0.1 by default and loses no pair', () => {
    const pairs = makePairs(10_000);
    const split = splitPairs(pairs);
    expect(split.train.length + split.validation.length + split.test.length).toBe(10_000);
    expect(split.train.length / 10_000).toBeCloseTo(0.8, 1);
    expect(Math.abs(split.validation.length - 1000)).toBeLessThan(100);
    expect(Math.abs(split.test.length - 1000)).toBeLessThan(100);
  });

  it('never moves existing pairs when new ones are added', () => {
    const base = makePairs(2000);
    const before = whereIs(splitPairs(base));
    const after = whereIs(splitPairs([...makePairs(500, 5000), ...base.slice().reverse(), ...makePairs(500, 9000)]));
    for (const [id, name] of before) expect(after.get(id)).toBe(name);
  });

  it('puts every copy and rewording of one description in the same split', () => {
    const pairs: Pair[] = [];
    for (let i = 0; i < 300; i++) {
      pairs.push(pair(`sort list ${i}`, `sorted(l${i})`), pair(`#${i + 1} Sort  List ${i}.`, `l${i}.sort()`), pair(`sort list ${i}`, `sorted(l${i}, reverse=True)`));
    }
    const split = splitPairs(pairs);
    const key = (p: Pair) => p.description.replace(/^#\d+\s*/, '').replace(/\.$/, '').replace(/\s+/g, ' ').toLowerCase();
    const seen = new Map<string, string>();
    for (const name of ['train', 'validation', 'test'] as const) {
      for (const p of split[name]) {
        const previous = seen.get(key(p));
        if (previous) expect(previous).toBe(name);
        seen.set(key(p), name);
      }
    }
    expect(new Set(split.test.map(key)).size).toBeGreaterThan(0);
  });

  it('follows custom fractions and a salt deterministically', () => {
    const pairs = makePairs(5000);
    const a = splitPairs(pairs, { fractions: { train: 0.5, validation: 0.25, test: 0.25 }, salt: 'run-1' });
    expect(Math.abs(a.train.length - 2500)).toBeLessThan(150);
    expect(whereIs(splitPairs(pairs, { fractions: { train: 0.5, validation: 0.25, test: 0.25 }, salt: 'run-1' }))).toEqual(whereIs(a));
    const b = whereIs(splitPairs(pairs, { fractions: { train: 0.5, validation: 0.25, test: 0.25 }, salt: 'run-2' }));
    const moved = [...whereIs(a)].filter(([id, name]) => b.get(id) !== name).length;
    expect(moved).toBeGreaterThan(1000);
  });

  it('allows an empty split', () => {
    const split = splitPairs(makePairs(1000), { fractions: { train: 0.9, validation: 0.1, test: 0 } });
    expect(split.test).toEqual([]);
    expect(split.train.length + split.validation.length).toBe(1000);
  });

  it('keeps the input order inside each split', () => {
    const pairs = makePairs(200);
    const { train } = splitPairs(pairs);
    const order = train.map((p) => pairs.indexOf(p));
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });
});

describe('splitPairs grouped by a key', () => {
  it('never puts two pairs of one question in two splits, nor one description in two', () => {
    const questions = Array.from({ length: 400 }, (_, q) => Array.from({ length: 1 + (q % 4) }, (__, k) => ({ description: `ask about topic ${q} in way ${k}`, code: `f${k}(${q})`, group: String(q) })));
    const pairs = [...questions.flat(), { description: 'ask about topic 5 in way 0', code: 'other()', group: '9999' }, { description: 'no group', code: 'x', group: undefined }];
    const split = splitPairs(pairs, { groupBy: 'group' });
    const where = new Map<string, string>();
    for (const name of ['train', 'validation', 'test'] as const) {
      for (const pair of split[name]) {
        for (const key of [`g:${pair.group}`, `d:${pair.description}`]) {
          expect(where.get(key) ?? name, key).toBe(name);
          where.set(key, name);
        }
      }
    }
    expect(split.train.length + split.validation.length + split.test.length).toBe(pairs.length);
    expect(split.validation.length).toBeGreaterThan(40);
    // Question 5 and question 9999 share a description, so they travel together.
    expect(where.get('g:9999')).toBe(where.get('g:5'));
  });

  it('is deterministic, and a pair without a key splits as it does by description', () => {
    const pairs = Array.from({ length: 300 }, (_, i) => ({ description: `task ${i}`, code: 'x', group: i % 2 ? String(i >> 2) : undefined }));
    expect(splitPairs(pairs, { groupBy: 'group' })).toEqual(splitPairs([...pairs], { groupBy: 'group' }));
    const byDescription = splitPairs(pairs);
    const grouped = splitPairs(pairs, { groupBy: 'group' });
    const lone = pairs.filter((p) => p.group === undefined);
    for (const name of ['train', 'validation', 'test'] as const) {
      expect(grouped[name].filter((p) => p.group === undefined)).toEqual(byDescription[name].filter((p) => lone.includes(p)));
    }
  });
});

describe('assignSplit / validateFractions', () => {
  it('agrees with splitPairs', () => {
    const pairs = makePairs(300);
    const where = whereIs(splitPairs(pairs, { salt: 's' }));
    for (const p of pairs) expect(assignSplit(p.description, { salt: 's' })).toBe(where.get(p.id));
  });

  it('rejects fractions that do not make sense, saying why', () => {
    expect(() => validateFractions({ train: 0.8, validation: 0.1, test: 0.2 })).toThrow(/sum to 1.*1\.1/);
    expect(() => validateFractions({ train: 1.2, validation: -0.1, test: -0.1 })).toThrow(/'train' must be a number between 0 and 1/);
    expect(() => validateFractions({ train: Number.NaN, validation: 0.5, test: 0.5 })).toThrow(/'train'/);
    expect(() => validateFractions({ train: 0.7, validation: 0.2, test: 0.1 })).not.toThrow();
  });
});
