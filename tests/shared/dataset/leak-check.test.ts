// The leak check: a test pair leaks when its normalised description or code is a training pair's;
// case, spacing, numbering and code whitespace do not hide a leak, short code does not make one,
// and the 64-bit key tables behave as maps at any size.
import { describe, expect, it } from 'vitest';
import { fnv1a64Halves } from '../../../src/shared/dataset/hash';
import { findLeaks, findLeaksAsync, Hash64Map, LeakIndex, MIN_LEAK_CODE_CHARS } from '../../../src/shared/dataset/leak-check';

const pair = (id: number, description: string, code: string) => ({ id, description, code });

const train = [
  pair(1, 'Write a function to add two numbers', 'def add(a, b):\n    return a + b'),
  pair(2, 'sort a list of dicts by key age', "people.sort(key=lambda p: p['age'])"),
  pair(3, 'print hello', 'print("hello world")'),
  pair(4, 'reverse a list', 'x.reverse()'),
];

describe('findLeaks', () => {
  it('finds a description written with other case, spacing and numbering', () => {
    const report = findLeaks(train, [pair(10, '12. write  a FUNCTION to add two numbers.', 'def plus(x, y):\n    return x + y')]);
    expect(report).toEqual({ testPairs: 1, leaked: 1, byDescription: 1, byCode: 0, byBoth: 0, examples: [{ testId: 10, trainId: 1, match: 'description' }] });
    expect(findLeaks(train, [pair(11, 'Q7: Sort a list of dicts by key age:', 'sorted(people)')]).examples).toEqual([{ testId: 11, trainId: 2, match: 'description' }]);
  });

  it('finds code written with other whitespace, and a pair leaked whole', () => {
    const byCode = findLeaks(train, [pair(20, 'order people by their age', "people.sort(key=lambda p:  p['age'])   \n\n")]);
    expect(byCode).toMatchObject({ leaked: 1, byCode: 1, examples: [{ testId: 20, trainId: 2, match: 'code' }] });
    const whole = findLeaks(train, [pair(21, '# 3 print hello', 'print("hello world")\r\n')]);
    expect(whole).toMatchObject({ leaked: 1, byBoth: 1, examples: [{ testId: 21, trainId: 3, match: 'both' }] });
  });

  it('names, for a leak by both, the training pair that has both when the first matches differ', () => {
    const training = [pair(1, 'add two numbers', 'result = first + second'), pair(2, 'sum of a list', 'total = sum(values)'), pair(3, 'add two numbers', 'total = sum(values)')];
    expect(findLeaks(training, [pair(9, 'Add two numbers.', 'total = sum(values)')]).examples).toEqual([{ testId: 9, trainId: 3, match: 'both' }]);
  });

  it('does not count code shorter than a few tokens', () => {
    expect('x.reverse()'.length).toBeLessThan(MIN_LEAK_CODE_CHARS);
    const report = findLeaks(train, [pair(30, 'turn the list around in place', 'x.reverse()')]);
    expect(report).toMatchObject({ testPairs: 1, leaked: 0, examples: [] });
    // …but the same short code with a leaked description is a leak by description.
    expect(findLeaks(train, [pair(31, 'Reverse a list.', 'x.reverse()')]).examples).toEqual([{ testId: 31, trainId: 4, match: 'description' }]);
  });

  it('finds no leak between different pairs, nor through an empty description', () => {
    const test = [
      pair(40, 'write a function to add three numbers', 'def add(a, b, c):\n    return a + b + c'),
      pair(41, 'sort a list of dicts by key name', "people.sort(key=lambda p: p['name'])"),
      pair(42, 'print hello', 'log("hello, world")'), // the same description
    ];
    const report = findLeaks(train, test);
    expect(report).toMatchObject({ testPairs: 3, leaked: 1, byDescription: 1 });
    expect(report.examples.map((e) => e.testId)).toEqual([42]);
    expect(findLeaks([pair(1, '   ', 'a = compute_something()')], [pair(2, '', 'b = compute_other_thing()')]).leaked).toBe(0);
    // Indentation is meaning in Python: the same lines nested otherwise are other code.
    expect(findLeaks([pair(1, 'a', 'for x in xs:\n    if x:\n        f(x)')], [pair(2, 'b', 'for x in xs:\n    if x:\n    f(x)')]).leaked).toBe(0);
  });

  it('caps the examples but counts every leak', () => {
    const test = Array.from({ length: 50 }, (_, i) => pair(100 + i, i % 2 ? 'print hello' : 'Reverse a list', 'pass'));
    const report = findLeaks(train, test, { maxExamples: 5 });
    expect(report).toMatchObject({ testPairs: 50, leaked: 50, byDescription: 50 });
    expect(report.examples.map((e) => e.testId)).toEqual([100, 101, 102, 103, 104]);
    expect(findLeaks(train, test, { maxExamples: 0 }).examples).toEqual([]);
    expect(findLeaks(train, test).examples).toHaveLength(50);
  });

  it('reads any iterables, train once and test as it streams', () => {
    function* generate(n: number, from: number) {
      for (let i = 0; i < n; i++) yield pair(from + i, `describe item number ${from + i} in detail`, `value_${from + i} = compute(${from + i}, option=True)`);
    }
    const report = findLeaks(generate(20_000, 0), generate(1_000, 19_500));
    expect(report).toMatchObject({ testPairs: 1_000, leaked: 500, byBoth: 500, byDescription: 0, byCode: 0 });
    expect(report.examples[0]).toEqual({ testId: 19_500, trainId: 19_500, match: 'both' });
  });

  it('reads asynchronous iterables to the same report', async () => {
    async function* slowly<T>(items: Iterable<T>) {
      for (const item of items) yield await Promise.resolve(item);
    }
    const test = [pair(10, 'Reverse a list.', 'x.reverse()'), pair(11, 'something new', 'y = build_something_new()'), pair(12, 'print hello', 'print("hello world")')];
    expect(await findLeaksAsync(slowly(train), slowly(test), { maxExamples: 1 })).toEqual(findLeaks(train, test, { maxExamples: 1 }));
    expect(await findLeaksAsync(train, test)).toMatchObject({ testPairs: 3, leaked: 2, byDescription: 1, byBoth: 1 });
  });
});

describe('LeakIndex', () => {
  it('matches symmetrically: a test pair leaks exactly when a training pair matches it', () => {
    const test = [pair(1, 'print hello', 'log("hi")'), pair(2, 'something else entirely', 'def add(a, b):\n  return a + b')];
    const index = new LeakIndex();
    for (const p of test) index.add(p);
    expect(train.map((p) => index.match(p)?.match ?? null)).toEqual([null, null, 'description', null]);
    expect(findLeaks(train, test).leaked).toBe(1);
  });
});

describe('Hash64Map', () => {
  it('keeps 64-bit keys and their first value through growth', () => {
    const map = new Hash64Map();
    const n = 100_000;
    let added = 0;
    for (let i = 0; i < n; i++) {
      const [hi, lo] = fnv1a64Halves(`key ${i}`);
      if (map.add(hi, lo, i)) added++;
    }
    expect([added, map.size]).toEqual([n, n]);
    for (let i = 0; i < n; i += 997) {
      const [hi, lo] = fnv1a64Halves(`key ${i}`);
      expect(map.get(hi, lo)).toBe(i);
      expect(map.add(hi, lo, -1)).toBe(false);
      expect(map.get(hi, lo)).toBe(i);
    }
    const [hi, lo] = fnv1a64Halves('absent');
    expect(map.has(hi, lo)).toBe(false);
    // Keys equal in one half are still different keys.
    const halves = new Hash64Map();
    expect(halves.add(1, 2, 10)).toBe(true);
    expect(halves.add(1, 3, 11)).toBe(true);
    expect(halves.add(2, 2, 12)).toBe(true);
    expect([halves.get(1, 2), halves.get(1, 3), halves.get(2, 2), halves.get(2, 3)]).toEqual([10, 11, 12, undefined]);
    expect(new Hash64Map(600_000).bytes).toBe(2 ** 20 * 17);
  });
});
