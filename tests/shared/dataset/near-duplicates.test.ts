// Duplicate and near-duplicate groups: the canonical code shape (renamed, reformatted, other
// literals — and what must stay different), description similarity, the four kinds on constructed
// pairs, negatives that must not group, caps, and determinism. Speed is measured by the bench
// (src/cli/commands/bench-near-duplicates.ts), not here.
import { describe, expect, it } from 'vitest';
import { codeShape } from '../../../src/shared/dataset/code-shape';
import { splitFormattedString } from '../../../src/shared/dataset/code-shape-fstrings';
import { descriptionContentWords, descriptionFeatures, stem } from '../../../src/shared/dataset/description-words';
import { FeatureSets } from '../../../src/shared/dataset/feature-sets';
import { clusterLinks } from '../../../src/shared/dataset/link-clusters';
import { forEachBandCandidate, hashFeatures, minHashSeeds, writeMinHashSignature } from '../../../src/shared/dataset/minhash';
import { findDuplicateGroups, type DuplicateCandidate, type DuplicateGroup, type DuplicateKind } from '../../../src/shared/dataset/near-duplicates';

const sameShape = (a: string, b: string) => expect(codeShape(a).key).toBe(codeShape(b).key);
const otherShape = (a: string, b: string) => expect(codeShape(a).key).not.toBe(codeShape(b).key);

describe('codeShape', () => {
  it('names renamed variables by first occurrence and ignores spacing', () => {
    sameShape('x = [i*2 for i in a]', 'result = [ j * 2 for j in values ]');
    expect(codeShape('x = [i*2 for i in a]').key).toBe('ID0 = [ ID1 * NUM for ID1 in ID2 ]');
  });

  it('ignores line breaks inside brackets, quotes, trailing commas, comments, blank lines and indent width', () => {
    sameShape("sorted(d, key=lambda x: x['age'])", 'sorted(\n    people,\n    key=lambda p: p["age"],  # oldest last\n)');
    sameShape('def add(a, b=2):\n    return a + b\n\nprint(add(1))', 'def plus(x, y=3):\n  # the sum\n  return x + y\nprint(plus(5))');
    sameShape("'''doc'''", '"x"');
  });

  it('keeps the literals apart from the shape', () => {
    const age = codeShape("sorted(d, key=lambda x: x['age'])");
    const name = codeShape('sorted(d, key=lambda x: x["name"])');
    expect(age.key).toBe(name.key);
    expect(age.literals).not.toBe(name.literals);
    expect(codeShape("f('a')").literals).toBe(codeShape('f("a")').literals);
  });

  it('keeps what the code does: attributes, operators, builtins, modules, keyword arguments, outside functions', () => {
    otherShape('a.append(b)', 'a.remove(b)');
    otherShape('x = a + b', 'x = a - b');
    otherShape('np.mean(x)', 'statistics.mean(x)');
    otherShape('sorted(x, key=f)', 'sorted(x, cmp=f)');
    otherShape('urlencode(params)', 'quote(params)');
    otherShape('len(items)', 'sum(items)');
    expect(codeShape('import numpy as np\nnp.mean(a)').key).toBe('import numpy as np ⏎ np . mean ( ID0 )');
  });

  it('renames a function the snippet defines, and a builtin the snippet rebinds', () => {
    sameShape('def square(x):\n    return x ** 2', 'def sq(n):\n    return n ** 2');
    sameShape('for string in s:\n    list = string.split()', 'for w in lines:\n    out = w.split()');
  });

  it('keeps structure: nesting, tuples and statement order', () => {
    otherShape('if a:\n    b()\nc()', 'if a:\n    b()\n    c()');
    otherShape('(a,)', '(a)');
    sameShape('f(a, b,)', 'f(a, b)');
    otherShape('a = f(x)\nprint(a)', 'print(a)\na = f(x)');
    sameShape('a = 1\nb = a', 'b = 1\na = b');
  });

  it('reads the expressions inside f-strings', () => {
    otherShape("print(f'{a.upper()}')", "print(f'{a.lower()}')");
    sameShape("print(f'Sum: {total}')", 'print(f"Sum: {s}")');
    expect(splitFormattedString("f'{x!r:>10} and {{y}} {d[\"k\"]=}'")).toEqual({ template: "'{} and {{y}} {}'", fields: ['x', 'd["k"]'] });
  });

  it('counts tokens without layout, so trivial code can be told apart', () => {
    expect(codeShape('print(x)').tokenCount).toBe(4);
    expect(codeShape('if a:\n    b()').tokenCount).toBe(6);
  });

  it('never throws on code that does not tokenize', () => {
    expect(() => codeShape("print('unterminated")).not.toThrow();
    expect(() => codeShape('def f(:\n  )]')).not.toThrow();
    expect(codeShape('').key).toBe('');
  });
});

describe('description content words', () => {
  it('drops function words, scaffolding and names in backticks, merges synonyms and suffixes', () => {
    expect(descriptionContentWords("Sort a list of dicts by key 'age'")).toEqual(['sort', 'list', 'dict', 'key', 'age']);
    expect(descriptionContentWords('sort list of dictionaries by the key `k` age')).toEqual(['sort', 'list', 'dict', 'key', 'age']);
    expect(descriptionContentWords('Write a Python program to add two numbers')).toEqual(['add', 'two', 'number']);
    expect(descriptionContentWords('how do i do this in python?')).toEqual([]);
  });

  it('strips suffixes so word forms meet, but not inside short words', () => {
    expect(['sorting', 'sorted', 'sorts', 'sort'].map(stem)).toEqual(['sort', 'sort', 'sort', 'sort']);
    expect(['replacing', 'replace', 'replaced'].map(stem)).toEqual(['replac', 'replac', 'replac']);
    expect(stem('splitting')).toBe('split');
    expect(stem('string')).toBe('string');
    expect(stem('strings')).toBe('string');
  });

  it('adds word pairs so that word order counts', () => {
    expect(descriptionFeatures(['convert', 'list', 'dict'])).toEqual(['convert', 'list', 'dict', 'convert list', 'list dict']);
  });
});

describe('FeatureSets, MinHash banding and link clusters', () => {
  it('computes the Jaccard similarity of stored sets', () => {
    const sets = new FeatureSets();
    const a = sets.add([3, 1, 2, 2]);
    const b = sets.add([2, 3, 4]);
    const empty = sets.add([]);
    expect(sets.size(a)).toBe(3);
    expect(sets.jaccard(a, b)).toBeCloseTo(2 / 4);
    expect(sets.jaccard(empty, empty)).toBe(0);
    expect(sets.equal(a, sets.add([1, 2, 3]))).toBe(true);
  });

  it('proposes each pair sharing a band once, and similar sets far more often than dissimilar ones', () => {
    const sets = new FeatureSets();
    const words = (n: number, offset: number) => hashFeatures(Array.from({ length: n }, (_, i) => `w${i + offset}`));
    for (let i = 0; i < 40; i++) sets.add(words(10, i * 100));
    for (let i = 0; i < 40; i++) sets.add(words(10, i * 100 + 1));
    const bands = 16;
    const rows = 4;
    const seeds = minHashSeeds(bands * rows);
    const signatures = new Uint32Array(sets.count * bands * rows);
    for (let i = 0; i < sets.count; i++) writeMinHashSignature(sets.view(i), seeds, signatures, i * bands * rows);
    const visited = new Set<string>();
    forEachBandCandidate(signatures, sets.count, { bands, rows, maxBucketSize: 100 }, (i, j) => {
      expect(i).toBeLessThan(j);
      expect(visited.has(`${i},${j}`)).toBe(false);
      visited.add(`${i},${j}`);
    });
    let found = 0;
    for (let i = 0; i < 40; i++) if (visited.has(`${i},${i + 40}`)) found++; // Jaccard 9/11
    expect(found).toBeGreaterThanOrEqual(38);
    expect(visited.size).toBeLessThan(60);
  });

  it('merges strongest links first, refuses a group over the cap or with two members that disagree', () => {
    const links = [
      { a: 0, b: 1, similarity: 0.9 },
      { a: 1, b: 2, similarity: 0.8 },
      { a: 2, b: 3, similarity: 0.7 },
      { a: 4, b: 5, similarity: 0.75 },
    ];
    expect(clusterLinks(6, links, { maxSize: 3, agree: () => true }).map((c) => c.members)).toEqual([[0, 1, 2], [4, 5]]);
    const noChains = clusterLinks(6, links, { maxSize: 10, agree: (a, b) => Math.abs(a - b) <= 1 });
    expect(noChains.map((c) => [c.members, c.similarity])).toEqual([[[0, 1], 0.9], [[2, 3], 0.7], [[4, 5], 0.75]]);
  });
});

function pairs(...items: [string, string][]): DuplicateCandidate[] {
  return items.map(([description, code], id) => ({ id, description, code }));
}

function groupsOf(kind: DuplicateKind, groups: readonly DuplicateGroup[]): number[][] {
  return groups.filter((g) => g.kind === kind).map((g) => g.ids);
}

describe('findDuplicateGroups', () => {
  it('finds exact duplicates after normalisation, and does not repeat them as other kinds', () => {
    const groups = findDuplicateGroups(
      pairs(
        ['Sort a list `a` in reverse order.', 'a.sort(reverse=True)'],
        ['sort a list `a` in reverse order', 'a.sort(reverse=True)  \n'],
        ['reverse a string', 's[::-1]'],
      ),
    );
    expect(groups).toEqual([{ kind: 'exact', ids: [0, 1] }]);
  });

  it('groups one description with different codes as same-description, not exact', () => {
    const groups = findDuplicateGroups(
      pairs(
        ['reverse a list `x`', 'x.reverse()'],
        ['Reverse a list `x`', 'x[::-1]'],
        ['reverse a list `x`', 'x[::-1]'],
      ),
    );
    expect(groupsOf('same-description', groups)).toEqual([[0, 1, 2]]);
    expect(groupsOf('exact', groups)).toEqual([[1, 2]]);
  });

  it('groups reworded descriptions: a few words changed, added or removed', () => {
    const groups = findDuplicateGroups(
      pairs(
        ["sort a list of dicts by key 'age'", "sorted(people, key=lambda p: p['age'])"],
        ["sort list of dictionaries by the key 'age'", "people.sort(key=itemgetter('age'))"],
        ['write a program to find the factorial of a number', 'print(math.factorial(n))'],
        ['python program to find factorial of number using recursion', 'def fact(n):\n    return 1 if n < 2 else n * fact(n - 1)'],
        ['how to remove empty strings from a list of strings', "[s for s in strings if s]"],
        ['remove the empty string in a list `str_list`', 'str_list = list(filter(None, str_list))'],
      ),
    );
    const similar = groups.filter((g) => g.kind === 'similar-description');
    expect(similar.map((g) => g.ids)).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(similar[0].similarity).toBe(1);
    expect(similar[1].similarity).toBeCloseTo(5 / 7);
  });

  it('does not group different tasks from one template, reversed directions, or descriptions sharing only stop words', () => {
    const groups = findDuplicateGroups(
      pairs(
        ['write a python program to add two numbers', 'print(a + b)'],
        ['write a python program to subtract two numbers', 'print(a - b)'],
        ['convert a list of tuples to a dictionary', 'dict(pairs)'],
        ['convert a dictionary to a list of tuples', 'list(d.items())'],
        ['how do i do this in python?', 'pass'],
        ['how can i do that with python', 'return'],
        ['get the sum of the roots of a quadratic equation', 'sum(roots(a, b, c))'],
        ['get the type of the roots of a quadratic equation', 'kind(roots(a, b, c))'],
      ),
    );
    expect(groupsOf('similar-description', groups)).toEqual([]);
  });

  it('groups renamed and reformatted code with related descriptions, whatever the literals, but not with merely similar ones', () => {
    const groups = findDuplicateGroups(
      pairs(
        ['double every number in the list `a`', 'x = [i*2 for i in a]'],
        ['multiply each number of a list by two', 'result = [ j * 2 for j in values ]'],
        ["convert hex string 'ff' to an integer", "int('ff', 16)"],
        ['convert hex string "deadbeef" to integer', 'int("deadbeef",16)'],
        ['convert the binary string to an integer', "int('0101', 2)"],
      ),
    );
    expect(groupsOf('same-code-shape', groups)).toEqual([[0, 1], [2, 3]]);
  });

  it('groups a distinctive shape even when the descriptions say it differently', () => {
    const groups = findDuplicateGroups(
      pairs(
        ['python ReLu function', 'def relu(l):\n    return [0 if x < 0 else x for x in l]'],
        ['make all negative values in a list zero', 'def make_negative_zero(items):\n    return [0 if item < 0 else item for item in items]'],
      ),
    );
    expect(groupsOf('same-code-shape', groups)).toEqual([[0, 1]]);
  });

  it('does not group plain code shared by unrelated tasks, nor trivial code', () => {
    const groups = findDuplicateGroups(
      pairs(
        ['remove html tags from a string', "re.sub('<[^>]*>', '', s)"],
        ['delete the digits at the end of each word', "re.sub('\\\\d+\\\\b', '', text)"],
        ['print the list', 'print(items)'],
        ['print the list of numbers', 'print(numbers)'],
        ['close the database connection', 'conn.close()'],
        ['close the connection to the database', 'db.close()'],
      ),
    );
    expect(groupsOf('same-code-shape', groups)).toEqual([]);
  });

  it('treats a distinctive shape shared by many unrelated pairs as an idiom', () => {
    const many = Array.from({ length: 30 }, (_, i): [string, string] => [`task number ${i} about topic${i} and thing${i}`, `out${i} = sorted(list(d${i}.items()), key=lambda kv: kv[1])`]);
    expect(groupsOf('same-code-shape', findDuplicateGroups(pairs(...many)))).toEqual([]);
    expect(groupsOf('same-code-shape', findDuplicateGroups(pairs(...many.slice(0, 5))))).toEqual([[0, 1, 2, 3, 4]]);
  });

  it('puts each pair in at most one group per kind, and caps groups built from links', () => {
    const phrasings = ['sort a list of numbers', 'how to sort the list of numbers', 'sorting lists of numbers in python', 'python: sort list of numbers'];
    const items = Array.from({ length: 40 }, (_, i): [string, string] => [`${phrasings[i % 4]}${' quickly'.repeat(i % 10)}`, `sorted(values${i})`]);
    const groups = findDuplicateGroups(pairs(...items), { maxGroupSize: 6 });
    for (const kind of ['exact', 'same-description', 'similar-description', 'same-code-shape'] as const) {
      const ids = groupsOf(kind, groups).flat();
      expect(new Set(ids).size).toBe(ids.length);
    }
    const similar = groupsOf('similar-description', groups);
    expect(similar.length).toBeGreaterThan(1);
    for (const ids of similar) expect(new Set(ids.map((id) => items[id][0].toLowerCase())).size).toBeLessThanOrEqual(6);
    expect(groupsOf('similar-description', findDuplicateGroups(pairs(...items))).length).toBe(1);
  });

  it('keeps a pathological bucket (thousands of pairs, one shape, one description) linear, and its groups capped', () => {
    const items = Array.from({ length: 5000 }, (_, i): [string, string] => ['sort the list of numbers by size', `numbers${i}.sort(key=abs)`]);
    const groups = findDuplicateGroups(pairs(...items));
    expect(groupsOf('same-description', groups).map((ids) => ids.length)).toEqual([5000]);
    const shapes = groupsOf('same-code-shape', groups);
    expect(shapes.flat().length).toBe(5000);
    expect(Math.max(...shapes.map((ids) => ids.length))).toBe(100);
  });

  it('is deterministic: same pairs, same groups in the same order; input order does not change the groups', () => {
    const items = pairs(
      ["sort a list of dicts by key 'age'", "sorted(people, key=lambda p: p['age'])"],
      ['reverse a list `x`', 'x.reverse()'],
      ["sort list of dictionaries by the key 'age'", "sorted(rows, key=lambda r: r['age'])"],
      ['Reverse a list `x`', 'x[::-1]'],
      ['reverse a list `x`', 'x.reverse()'],
      ["convert hex string 'ff' to an integer", "int('ff', 16)"],
      ['convert hex string "deadbeef" to integer', 'int("deadbeef",16)'],
    );
    const first = findDuplicateGroups(items);
    expect(findDuplicateGroups(items)).toEqual(first);
    const reversed = findDuplicateGroups([...items].reverse());
    expect(reversed).toEqual(first);
    expect(first.map((g) => g.kind)).toEqual(['exact', 'same-description', 'similar-description', 'same-code-shape', 'same-code-shape']);
  });

  it('computes only the kinds asked for, from any iterable', () => {
    function* generate(): Generator<DuplicateCandidate> {
      yield { id: 10, description: 'reverse a list', code: 'x[::-1]' };
      yield { id: 20, description: 'Reverse a list.', code: 'x[::-1]' };
    }
    expect(findDuplicateGroups(generate(), { kinds: ['same-description'] })).toEqual([]);
    expect(findDuplicateGroups(generate(), { kinds: ['exact'] })).toEqual([{ kind: 'exact', ids: [10, 20] }]);
  });
});
