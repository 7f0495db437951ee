// Generates the studio's built-in sample dataset, resources/sample/english-python-sample.jsonl,
// and its README, from templates × slots (names, literals, operations) drawn with a seeded PRNG:
// the same script always writes the same bytes. Every pair is written by this project (MIT), none
// is copied from any other dataset. Self-checks: descriptions unique (after normalisation), and
// every snippet parses (`ast.parse` in python3, when python3 is on the PATH).
// Usage: node scripts/make-sample-dataset.mjs          (write the files)
//        node scripts/make-sample-dataset.mjs --check  (regenerate in memory, exit 1 if the files differ)

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'resources', 'sample');
const DATA_FILE = join(OUT_DIR, 'english-python-sample.jsonl');
const README_FILE = join(OUT_DIR, 'README.md');
const SEED = 20260314;

// ---------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32): tiny, fast and identical on every platform.

function makeRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    /** `n` different items, in random order. */
    distinct: (items, n) => r.shuffle([...items]).slice(0, n),
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
    /** Calls one of the given makers. */
    oneOf: (makers) => makers[Math.floor(next() * makers.length)](),
  };
  return r;
}

// ---------------------------------------------------------------------------------------------
// Slots.

const q = (name) => '`' + name + '`';
// Number literals come from a small pool so that each one recurs often enough to be learned.
const LITERALS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 25, 30, 50, 100];
const lit = (r, min = 0, max = 100) => r.pick(LITERALS.filter((n) => n >= min && n <= max));
const py = (...lines) => lines.join('\n');
const places = (n) => (n === 1 ? '1 decimal place' : `${n} decimal places`);

const NUM_LISTS = ['nums', 'numbers', 'values', 'scores', 'data', 'items', 'prices', 'ages', 'marks', 'xs', 'readings', 'totals'];
const WORD_LISTS = ['words', 'names', 'fruits', 'colors', 'tokens', 'cities', 'tags'];
const STRINGS = ['s', 'text', 'name', 'word', 'line', 'sentence', 'msg', 'title'];
const NUMBERS = ['x', 'n', 'a', 'b', 'num', 'value', 'total', 'count'];
const FLOATS = ['x', 'price', 'ratio', 'value', 'temp', 'score'];
const SET_PAIRS = [['a', 'b'], ['s1', 's2'], ['left', 'right'], ['seen', 'new'], ['x', 'y']];
const LIST_PAIRS = [['a', 'b'], ['xs', 'ys'], ['first', 'second'], ['left', 'right'], ['old', 'new']];
const TEXT_FILES = ['data.txt', 'notes.txt', 'log.txt', 'input.txt', 'out.txt', 'a.txt'];
const JSON_FILES = ['data.json', 'config.json', 'out.json'];
const CHARS = ['a', 'e', 'x', ',', ' ', '-', '.', '!'];
const PREFIXES = ['a', 'ab', 'the', 'http', '#', 'x'];
const SUFFIXES = ['.py', '.txt', 's', 'ing', '!', '?'];
const DICT_KEYS = {
  d: ['a', 'b', 'c', 'x', 'y', 'key'],
  ages: ['alice', 'bob', 'carol', 'dan'],
  prices: ['apple', 'bread', 'milk', 'tea'],
  stock: ['pens', 'cups', 'books'],
  config: ['port', 'mode', 'size', 'level'],
  scores: ['ann', 'ben', 'eve', 'tom'],
  counts: ['a', 'b', 'red', 'blue'],
};
const DICT_NAMES = Object.keys(DICT_KEYS);
const RECORDS = {
  people: ['age', 'name', 'height'],
  users: ['id', 'name', 'age'],
  students: ['grade', 'name', 'score'],
  products: ['price', 'name', 'stock'],
  employees: ['salary', 'age', 'name'],
};
const RECORD_LISTS = Object.keys(RECORDS);
const NUMERIC_FIELDS = { people: ['age', 'height'], users: ['id', 'age'], students: ['grade', 'score'], products: ['price', 'stock'], employees: ['salary', 'age'] };

const dictAndKey = (r) => {
  const d = r.pick(DICT_NAMES);
  return [d, r.pick(DICT_KEYS[d])];
};
const recordAndField = (r, numeric = false) => {
  const p = r.pick(RECORD_LISTS);
  return [p, r.pick(numeric ? NUMERIC_FIELDS[p] : RECORDS[p])];
};

// ---------------------------------------------------------------------------------------------
// Families: a category, how many distinct pairs to draw, and a maker returning [description, code].
// A fixed pair is a family of one whose maker ignores the randomness.

const FAMILIES = [];
const family = (category, count, make) => FAMILIES.push({ category, count, make });
const fixed = (category, pairs) => pairs.forEach(([d, c]) => family(category, 1, () => [d, c]));

// --- lists -----------------------------------------------------------------------------------

family('lists', 6, (r) => {
  const L = r.pick(NUM_LISTS), k = r.int(2, 12);
  return [r.pick([`add ${k} to every element of list ${q(L)}`, `increase each number in list ${q(L)} by ${k}`]), `${L} = [x + ${k} for x in ${L}]`];
});
family('lists', 5, (r) => {
  const L = r.pick(NUM_LISTS), k = r.int(2, 10);
  return [r.pick([`multiply every element of list ${q(L)} by ${k}`, `scale each value in ${q(L)} by a factor of ${k}`]), `${L} = [x * ${k} for x in ${L}]`];
});
family('lists', 2, (r) => {
  const L = r.pick(NUM_LISTS), k = r.int(1, 9);
  return [`subtract ${k} from every element of list ${q(L)}`, `${L} = [x - ${k} for x in ${L}]`];
});
family('lists', 5, (r) => {
  const L = r.pick(NUM_LISTS);
  return r.oneOf([
    () => [`compute the sum of list ${q(L)} and store it in ${q('total')}`, `total = sum(${L})`],
    () => [`add up all the numbers in ${q(L)}`, `total = sum(${L})`],
    () => [`print the sum of the numbers in list ${q(L)}`, `print(sum(${L}))`],
  ]);
});
family('lists', 7, (r) => {
  const L = r.pick(NUM_LISTS);
  return r.oneOf([
    () => [`find the largest number in list ${q(L)}`, `largest = max(${L})`],
    () => [`find the smallest number in list ${q(L)}`, `smallest = min(${L})`],
    () => [`print the maximum value of ${q(L)}`, `print(max(${L}))`],
    () => [`print the minimum value of ${q(L)}`, `print(min(${L}))`],
  ]);
});
family('lists', 5, (r) => {
  const L = r.pick(NUM_LISTS), v = lit(r);
  return [r.pick([`append ${v} to the list ${q(L)}`, `add the number ${v} to the end of list ${q(L)}`]), `${L}.append(${v})`];
});
family('lists', 2, (r) => {
  const W = r.pick(WORD_LISTS), w = r.pick(['apple', 'red', 'hello', 'paris', 'x', 'new']);
  return [`append the string '${w}' to the list ${q(W)}`, `${W}.append('${w}')`];
});
family('lists', 2, (r) => {
  const L = r.pick(NUM_LISTS), v = lit(r);
  return [`remove the first occurrence of ${v} from list ${q(L)}`, `${L}.remove(${v})`];
});
family('lists', 4, (r) => {
  const L = r.pick([...NUM_LISTS, ...WORD_LISTS]);
  return r.oneOf([
    () => [`reverse the list ${q(L)} in place`, `${L}.reverse()`],
    () => [`make a reversed copy of list ${q(L)} called ${q('rev')}`, `rev = ${L}[::-1]`],
  ]);
});
family('lists', 3, (r) => {
  const L = r.pick([...NUM_LISTS, ...WORD_LISTS]);
  return r.oneOf([
    () => [`get the number of elements in list ${q(L)}`, `n = len(${L})`],
    () => [`print the length of the list ${q(L)}`, `print(len(${L}))`],
  ]);
});
family('lists', 4, (r) => {
  const L = r.pick(NUM_LISTS);
  return r.oneOf([
    () => [`keep only the even numbers from list ${q(L)}`, `evens = [x for x in ${L} if x % 2 == 0]`],
    () => [`get the odd numbers in list ${q(L)}`, `odds = [x for x in ${L} if x % 2 != 0]`],
  ]);
});
family('lists', 6, (r) => {
  const L = r.pick(NUM_LISTS), k = lit(r);
  return r.oneOf([
    () => [`get the numbers in ${q(L)} that are greater than ${k}`, `result = [x for x in ${L} if x > ${k}]`],
    () => [`get the numbers in ${q(L)} that are less than ${k}`, `result = [x for x in ${L} if x < ${k}]`],
  ]);
});
family('lists', 4, (r) => {
  const n = r.int(5, 20);
  return r.oneOf([
    () => [`create a list of the squares of the numbers from 1 to ${n}`, `squares = [i ** 2 for i in range(1, ${n} + 1)]`],
    () => [`create a list of the cubes of the numbers from 1 to ${n}`, `cubes = [i ** 3 for i in range(1, ${n} + 1)]`],
  ]);
});
family('lists', 5, (r) => {
  const L = r.pick([...NUM_LISTS, ...WORD_LISTS]), n = r.int(2, 10);
  return r.oneOf([
    () => [`get the first ${n} elements of list ${q(L)}`, `first = ${L}[:${n}]`],
    () => [`get the last ${n} elements of list ${q(L)}`, `last = ${L}[-${n}:]`],
  ]);
});
family('lists', 2, (r) => {
  const L = r.pick(NUM_LISTS), v = lit(r, 0, 20);
  return [`count how many times ${v} appears in list ${q(L)}`, `count = ${L}.count(${v})`];
});
family('lists', 2, (r) => {
  const L = r.pick(NUM_LISTS), v = lit(r, 0, 20);
  return [`find the index of the first ${v} in list ${q(L)}`, `i = ${L}.index(${v})`];
});
family('lists', 2, (r) => {
  const [a, b] = r.pick(LIST_PAIRS), c = r.pick(['combined', 'merged', 'both', 'c']);
  return [`join the lists ${q(a)} and ${q(b)} into a new list ${q(c)}`, `${c} = ${a} + ${b}`];
});
family('sorting', 6, (r) => {
  const L = r.pick([...NUM_LISTS, ...WORD_LISTS]);
  return r.oneOf([
    () => [`sort the list ${q(L)} in place`, `${L}.sort()`],
    () => [`sort the list ${q(L)} in descending order`, `${L}.sort(reverse=True)`],
    () => [`get a sorted copy of the list ${q(L)}`, `ordered = sorted(${L})`],
  ]);
});
family('sorting', 2, (r) => {
  const W = r.pick(WORD_LISTS);
  return r.oneOf([
    () => [`sort the list of strings ${q(W)} by length`, `${W}.sort(key=len)`],
    () => [`sort the strings in ${q(W)} ignoring case`, `${W}.sort(key=str.lower)`],
  ]);
});
family('sorting', 7, (r) => {
  const [P, k] = recordAndField(r), n = r.pick(NUMERIC_FIELDS[P]);
  return r.oneOf([
    () => [`sort a list of dicts ${q(P)} by key '${k}'`, `${P}.sort(key=lambda d: d['${k}'])`],
    () => [`get the dicts in ${q(P)} sorted by '${k}' as a new list`, `result = sorted(${P}, key=lambda d: d['${k}'])`],
    () => [`sort the list of dicts ${q(P)} by '${n}' from highest to lowest`, `${P}.sort(key=lambda d: d['${n}'], reverse=True)`],
  ]);
});
family('sorting', 4, (r) => {
  const [P, k] = recordAndField(r, true);
  return r.oneOf([
    () => [`find the dict in ${q(P)} with the highest '${k}'`, `top = max(${P}, key=lambda d: d['${k}'])`],
    () => [`find the dict in ${q(P)} with the lowest '${k}'`, `bottom = min(${P}, key=lambda d: d['${k}'])`],
  ]);
});
family('lists', 4, (r) => {
  const [P, k] = recordAndField(r, true);
  return r.oneOf([
    () => [`compute the total '${k}' of all the dicts in ${q(P)}`, `total = sum(d['${k}'] for d in ${P})`],
    () => [`get a list of the '${k}' values of the dicts in ${q(P)}`, `values = [d['${k}'] for d in ${P}]`],
  ]);
});
family('lists', 2, (r) => {
  const [P, k] = recordAndField(r, true), n = lit(r, 1);
  return [`keep the dicts in ${q(P)} whose '${k}' is greater than ${n}`, `${P} = [d for d in ${P} if d['${k}'] > ${n}]`];
});
fixed('sorting', [
  [`sort ${q('people')} by 'age' and then by 'name'`, `people.sort(key=lambda p: (p['age'], p['name']))`],
  [`sort the list of tuples ${q('pairs')} by their second element`, `pairs.sort(key=lambda t: t[1])`],
  [`sort the numbers in ${q('nums')} by their absolute value`, `nums.sort(key=abs)`],
]);
family('lists', 3, (r) => {
  const L = r.pick([...NUM_LISTS, ...WORD_LISTS]);
  return r.oneOf([
    () => [`remove duplicates from list ${q(L)}`, `${L} = list(set(${L}))`],
    () => [`remove duplicates from ${q(L)} keeping the original order`, `${L} = list(dict.fromkeys(${L}))`],
  ]);
});
family('lists', 2, (r) => {
  const L = r.pick(NUM_LISTS);
  return [r.pick([`compute the average of the numbers in ${q(L)}`, `find the mean of list ${q(L)}`]), `avg = sum(${L}) / len(${L})`];
});
family('lists', 2, (r) => {
  const M = r.pick(['matrix', 'grid', 'rows', 'nested']);
  return [`flatten the list of lists ${q(M)}`, `flat = [x for row in ${M} for x in row]`];
});
family('dicts', 2, (r) => {
  const [k, v] = r.pick([['keys', 'values'], ['names', 'ages'], ['words', 'counts'], ['ids', 'users']]);
  return [`build a dict from the lists ${q(k)} and ${q(v)}`, `d = dict(zip(${k}, ${v}))`];
});
family('loops', 2, (r) => {
  const L = r.pick([...NUM_LISTS, ...WORD_LISTS]);
  return [`print each element of ${q(L)} with its index`, py(`for i, x in enumerate(${L}):`, `    print(i, x)`)];
});
family('lists', 2, (r) => {
  const n = r.int(3, 20);
  return r.oneOf([
    () => [`create a list of ${n} zeros`, `zeros = [0] * ${n}`],
    () => [`create a list of ${n} empty strings`, `parts = [''] * ${n}`],
  ]);
});
family('lists', 3, (r) => {
  const a = lit(r, 0, 10), b = lit(r, a + 5);
  return r.oneOf([
    () => [`create a list of the integers from ${a} to ${b}`, `nums = list(range(${a}, ${b} + 1))`],
    () => [`make a list of the numbers from ${a} up to but not including ${b}`, `nums = list(range(${a}, ${b}))`],
  ]);
});
family('conditionals', 2, (r) => {
  const L = r.pick([...NUM_LISTS, ...WORD_LISTS]);
  return [`print 'empty' if the list ${q(L)} has no elements`, py(`if not ${L}:`, `    print('empty')`)];
});
family('lists', 3, (r) => {
  const L = r.pick(NUM_LISTS), v = lit(r);
  return r.oneOf([
    () => [`check whether ${v} is in list ${q(L)}`, `found = ${v} in ${L}`],
    () => [`print 'found' if ${v} is in the list ${q(L)}`, py(`if ${v} in ${L}:`, `    print('found')`)],
    () => [`check whether ${v} is missing from list ${q(L)}`, `missing = ${v} not in ${L}`],
  ]);
});
family('lists', 2, (r) => {
  const [a, b] = r.pick(LIST_PAIRS);
  return r.oneOf([
    () => [`add the lists ${q(a)} and ${q(b)} element by element`, `sums = [x + y for x, y in zip(${a}, ${b})]`],
    () => [`multiply the lists ${q(a)} and ${q(b)} element by element`, `products = [x * y for x, y in zip(${a}, ${b})]`],
  ]);
});
family('lists', 2, (r) => {
  const W = r.pick(WORD_LISTS);
  return r.oneOf([
    () => [`find the longest string in list ${q(W)}`, `longest = max(${W}, key=len)`],
    () => [`find the shortest string in list ${q(W)}`, `shortest = min(${W}, key=len)`],
  ]);
});
family('lists', 3, (r) => {
  const L = r.pick(NUM_LISTS), v = lit(r), i = r.int(1, 5);
  return r.oneOf([
    () => [`insert ${v} at the start of list ${q(L)}`, `${L}.insert(0, ${v})`],
    () => [`insert ${v} at index ${i} of list ${q(L)}`, `${L}.insert(${i}, ${v})`],
  ]);
});
family('lists', 2, (r) => {
  const L = r.pick([...NUM_LISTS, ...WORD_LISTS]);
  return r.oneOf([
    () => [`remove and return the last element of list ${q(L)}`, `last = ${L}.pop()`],
    () => [`remove and return the first element of list ${q(L)}`, `first = ${L}.pop(0)`],
  ]);
});
family('lists', 4, (r) => {
  const L = r.pick([...NUM_LISTS, ...WORD_LISTS]), [a, b] = r.pick(LIST_PAIRS);
  return r.oneOf([
    () => [`remove all elements from list ${q(L)}`, `${L}.clear()`],
    () => [`make a shallow copy of list ${q(L)}`, `${L}_copy = ${L}.copy()`],
    () => [`extend list ${q(a)} with the elements of list ${q(b)}`, `${a}.extend(${b})`],
  ]);
});
family('lists', 2, (r) => {
  const L = r.pick(NUM_LISTS), n = r.int(2, 5);
  return [`split list ${q(L)} into chunks of ${n} elements`, `chunks = [${L}[i:i + ${n}] for i in range(0, len(${L}), ${n})]`];
});
family('lists', 2, (r) => {
  const L = r.pick(NUM_LISTS), k = lit(r);
  return [`count the numbers in ${q(L)} that are greater than ${k}`, `count = sum(1 for x in ${L} if x > ${k})`];
});
family('lists', 2, (r) => {
  const L = r.pick(NUM_LISTS);
  return r.oneOf([
    () => [`check whether all numbers in ${q(L)} are positive`, `all_positive = all(x > 0 for x in ${L})`],
    () => [`check whether any number in ${q(L)} is negative`, `has_negative = any(x < 0 for x in ${L})`],
  ]);
});
family('lists', 2, (r) => {
  const L = r.pick(NUM_LISTS), [a, b, c] = r.distinct(LITERALS.slice(1), 3);
  return [`create a list ${q(L)} with the numbers ${a}, ${b} and ${c}`, `${L} = [${a}, ${b}, ${c}]`];
});
family('lists', 2, (r) => {
  const W = r.pick(WORD_LISTS), [a, b] = r.pick([['red', 'blue'], ['apple', 'pear'], ['cat', 'dog'], ['up', 'down']]);
  return [`create a list ${q(W)} holding the strings '${a}' and '${b}'`, `${W} = ['${a}', '${b}']`];
});
family('lists', 2, (r) => {
  const L = r.pick(NUM_LISTS);
  return r.oneOf([
    () => [`replace every number in ${q(L)} with its absolute value`, `${L} = [abs(x) for x in ${L}]`],
    () => [`find the index of the largest number in ${q(L)}`, `i = ${L}.index(max(${L}))`],
    () => [`find the second largest number in list ${q(L)}`, `second = sorted(set(${L}))[-2]`],
  ]);
});
family('lists', 2, (r) => {
  const S = r.pick(['strings', 'parts', 'fields', 'digits']);
  return r.oneOf([
    () => [`convert the list of strings ${q(S)} to a list of integers`, `ints = [int(x) for x in ${S}]`],
    () => [`convert every element of ${q(S)} to an int using map`, `ints = list(map(int, ${S}))`],
  ]);
});
family('lists', 2, (r) => {
  const L = r.pick(NUM_LISTS);
  return [`compute the product of all the numbers in ${q(L)}`, py(`import math`, `product = math.prod(${L})`)];
});
family('lists', 2, (r) => {
  const L = r.pick(NUM_LISTS);
  return [`compute the running totals of list ${q(L)}`, py(`from itertools import accumulate`, `running = list(accumulate(${L}))`)];
});
fixed('lists', [
  [`create a 3 by 4 grid of zeros`, `grid = [[0] * 4 for _ in range(3)]`],
  [`create a 5 by 5 grid of zeros`, `grid = [[0] * 5 for _ in range(5)]`],
  [`get the element at row ${q('i')} and column ${q('j')} of ${q('grid')}`, `cell = grid[i][j]`],
  [`transpose the matrix ${q('m')}`, `t = [list(row) for row in zip(*m)]`],
  [`get every second element of list ${q('nums')}`, `evens = nums[::2]`],
  [`get the elements of ${q('items')} from index 2 to index 5`, `part = items[2:6]`],
  [`check if the list ${q('nums')} is sorted`, `is_sorted = nums == sorted(nums)`],
  [`find the difference between the largest and smallest values in ${q('data')}`, `spread = max(data) - min(data)`],
  [`get the unique words of ${q('words')} in sorted order`, `unique = sorted(set(words))`],
  [`pair every element of ${q('names')} with its position starting from 1`, `pairs = list(enumerate(names, start=1))`],
]);

// --- strings ---------------------------------------------------------------------------------

family('strings', 11, (r) => {
  const s = r.pick(STRINGS);
  return r.oneOf([
    () => [`convert a string ${q(s)} to upper case`, `${s} = ${s}.upper()`],
    () => [`convert the string ${q(s)} to lower case`, `${s} = ${s}.lower()`],
    () => [`capitalize every word in the string ${q(s)}`, `${s} = ${s}.title()`],
    () => [`capitalize the first letter of ${q(s)} and lower case the rest`, `${s} = ${s}.capitalize()`],
    () => [`remove leading and trailing whitespace from ${q(s)}`, `${s} = ${s}.strip()`],
    () => [`remove trailing whitespace from the string ${q(s)}`, `${s} = ${s}.rstrip()`],
    () => [`remove leading whitespace from the string ${q(s)}`, `${s} = ${s}.lstrip()`],
    () => [`swap the case of every letter in ${q(s)}`, `${s} = ${s}.swapcase()`],
  ]);
});
family('strings', 2, (r) => {
  const s = r.pick(STRINGS);
  return [r.pick([`reverse the string ${q(s)}`, `get the string ${q(s)} backwards`]), `rev = ${s}[::-1]`];
});
family('strings', 5, (r) => {
  const s = r.pick(['s', 'text', 'line', 'sentence', 'msg']);
  return r.oneOf([
    () => [`split the string ${q(s)} into words`, `words = ${s}.split()`],
    () => [`split the string ${q(s)} at every comma`, `parts = ${s}.split(',')`],
    () => [`split ${q(s)} on ';'`, `parts = ${s}.split(';')`],
    () => [`split the string ${q(s)} into lines`, `lines = ${s}.splitlines()`],
  ]);
});
family('strings', 4, (r) => {
  const W = r.pick(WORD_LISTS);
  return r.oneOf([
    () => [`join the strings in ${q(W)} with a comma and a space`, `text = ', '.join(${W})`],
    () => [`join the words in ${q(W)} with spaces`, `text = ' '.join(${W})`],
    () => [`join the items of ${q(W)} using '-'`, `text = '-'.join(${W})`],
  ]);
});
family('strings', 4, (r) => {
  const s = r.pick(STRINGS), [a, b] = r.distinct(['a', 'e', 'o', 'x', '_', '-', ' '], 2);
  return [`replace every '${a}' in ${q(s)} with '${b}'`, `${s} = ${s}.replace('${a}', '${b}')`];
});
family('strings', 2, (r) => {
  const s = r.pick(STRINGS);
  return [`remove all spaces from the string ${q(s)}`, `${s} = ${s}.replace(' ', '')`];
});
family('strings', 3, (r) => {
  const s = r.pick(STRINGS), c = r.pick(CHARS);
  return [`count the occurrences of '${c}' in the string ${q(s)}`, `n = ${s}.count('${c}')`];
});
family('strings', 5, (r) => {
  const s = r.pick(STRINGS);
  return r.oneOf([
    () => {
      const p = r.pick(PREFIXES);
      return [`check if the string ${q(s)} starts with '${p}'`, `starts = ${s}.startswith('${p}')`];
    },
    () => {
      const p = r.pick(SUFFIXES);
      return [`check if the string ${q(s)} ends with '${p}'`, `ends = ${s}.endswith('${p}')`];
    },
  ]);
});
family('strings', 2, (r) => {
  const s = r.pick(STRINGS);
  return [`count the vowels in the string ${q(s)}`, `vowels = sum(1 for c in ${s}.lower() if c in 'aeiou')`];
});
family('strings', 2, (r) => {
  const s = r.pick(STRINGS);
  return [r.pick([`get the length of the string ${q(s)}`, `count the characters in ${q(s)}`]), `n = len(${s})`];
});
family('strings', 2, (r) => {
  const s = r.pick(STRINGS);
  return r.oneOf([
    () => [`get the first character of the string ${q(s)}`, `first = ${s}[0]`],
    () => [`get the last character of the string ${q(s)}`, `last = ${s}[-1]`],
  ]);
});
family('strings', 4, (r) => {
  const s = r.pick(STRINGS), n = r.int(2, 8);
  return r.oneOf([
    () => [`get the first ${n} characters of ${q(s)}`, `start = ${s}[:${n}]`],
    () => [`get the last ${n} characters of ${q(s)}`, `end = ${s}[-${n}:]`],
    () => [`drop the first ${n} characters of ${q(s)}`, `${s} = ${s}[${n}:]`],
  ]);
});
family('strings', 2, (r) => {
  const s = r.pick(STRINGS);
  return r.oneOf([
    () => [`check if the string ${q(s)} contains only digits`, `is_number = ${s}.isdigit()`],
    () => [`check if the string ${q(s)} contains only letters`, `is_word = ${s}.isalpha()`],
    () => [`check if every letter in ${q(s)} is upper case`, `shouting = ${s}.isupper()`],
  ]);
});
family('strings', 5, (r) => {
  const s = r.pick(['s', 'text', 'digits', 'raw', 'field']), n = r.pick(['n', 'x', 'count', 'total', 'num']);
  return r.oneOf([
    () => [`convert the string ${q(s)} to an integer`, `n = int(${s})`],
    () => [`convert the number ${q(n)} to a string`, `s = str(${n})`],
    () => [`convert the string ${q(s)} to a float`, `x = float(${s})`],
    () => [`convert the binary string ${q(s)} to an integer`, `n = int(${s}, 2)`],
    () => [`convert the integer ${q(n)} to a binary string`, `b = bin(${n})`],
    () => [`convert the integer ${q(n)} to a hexadecimal string`, `h = hex(${n})`],
  ]);
});
family('strings', 2, (r) => {
  const s = r.pick(STRINGS), n = r.int(2, 5);
  return [`repeat the string ${q(s)} ${n} times`, `repeated = ${s} * ${n}`];
});
family('strings', 2, (r) => {
  const s = r.pick(STRINGS), p = r.pick(['ab', 'the', 'x', 'py', 'end']);
  return r.oneOf([
    () => [`find the index of the substring '${p}' in ${q(s)}`, `i = ${s}.find('${p}')`],
    () => [`check whether '${p}' occurs in the string ${q(s)}`, `found = '${p}' in ${s}`],
  ]);
});
family('strings', 2, (r) => {
  const W = r.pick(WORD_LISTS);
  return r.oneOf([
    () => [`convert every word in list ${q(W)} to upper case`, `${W} = [w.upper() for w in ${W}]`],
    () => [`convert every string in ${q(W)} to lower case`, `${W} = [w.lower() for w in ${W}]`],
    () => [`strip the whitespace from every string in ${q(W)}`, `${W} = [w.strip() for w in ${W}]`],
  ]);
});
family('strings', 2, (r) => {
  const W = r.pick(WORD_LISTS), n = r.int(3, 7);
  return r.oneOf([
    () => [`keep the words in ${q(W)} longer than ${n} characters`, `long_words = [w for w in ${W} if len(w) > ${n}]`],
    () => [`get the lengths of the strings in ${q(W)}`, `lengths = [len(w) for w in ${W}]`],
  ]);
});
family('strings', 2, (r) => {
  const c = r.pick(['c', 'ch', 'letter']), n = r.int(65, 90);
  return r.oneOf([
    () => [`get the character code of ${q(c)}`, `code = ord(${c})`],
    () => [`get the character with code ${n}`, `c = chr(${n})`],
  ]);
});
family('strings', 4, (r) => {
  const s = r.pick(['s', 'text', 'sentence', 'line']);
  return r.oneOf([
    () => [`count the words in the string ${q(s)}`, `count = len(${s}.split())`],
    () => [`find the longest word in the sentence ${q(s)}`, `longest = max(${s}.split(), key=len)`],
    () => [`reverse the order of the words in ${q(s)}`, `${s} = ' '.join(reversed(${s}.split()))`],
  ]);
});
family('strings', 2, (r) => {
  const [a, b] = r.pick([['first', 'last'], ['a', 'b'], ['greeting', 'name'], ['left', 'right']]);
  return [`concatenate the strings ${q(a)} and ${q(b)} with a space between them`, `joined = ${a} + ' ' + ${b}`];
});
family('strings', 4, (r) => {
  const s = r.pick(STRINGS);
  return r.oneOf([
    () => {
      const n = r.int(3, 8);
      return [`pad the string ${q(s)} with zeros on the left to length ${n}`, `${s} = ${s}.zfill(${n})`];
    },
    () => [`convert the string ${q(s)} to a list of characters`, `chars = list(${s})`],
    () => [`get the set of unique characters in ${q(s)}`, `unique = set(${s})`],
    () => [`sort the characters of the string ${q(s)} alphabetically`, `${s} = ''.join(sorted(${s}))`],
    () => [`count the upper case letters in ${q(s)}`, `upper = sum(1 for c in ${s} if c.isupper())`],
  ]);
});
family('strings', 5, (r) => {
  const v = r.pick(['name', 'user', 'city', 'x', 'total', 'count']);
  return r.oneOf([
    () => {
      const who = r.pick(['name', 'user', 'player', 'guest']);
      return [`print a greeting for ${q(who)} using an f-string`, `print(f'Hello, {${who}}!')`];
    },
    () => [`print the name and value of ${q(v)} with an f-string`, `print(f'{${v}=}')`],
    () => [`print ${q(v)} between square brackets using an f-string`, `print(f'[{${v}}]')`],
  ]);
});
family('strings', 4, (r) => {
  const x = r.pick(FLOATS), n = r.int(1, 3);
  return r.oneOf([
    () => [`print ${q(x)} rounded to ${places(n)} with an f-string`, `print(f'{${x}:.${n}f}')`],
    () => [`format ${q(x)} as a percentage with ${places(n)}`, `text = f'{${x}:.${n}%}'`],
  ]);
});
fixed('strings', [
  [`build the string '<name> is <age> years old' from ${q('name')} and ${q('age')}`, `msg = f'{name} is {age} years old'`],
  [`pad the number ${q('n')} with zeros to 5 digits using an f-string`, `text = f'{n:05d}'`],
  [`print ${q('a')} plus ${q('b')} as an equation with an f-string`, `print(f'{a} + {b} = {a + b}')`],
  [`format ${q('price')} with 2 decimals and a dollar sign`, `label = f'\${price:.2f}'`],
  [`write a function to check if a string is a palindrome`, py(`def is_palindrome(s):`, `    return s == s[::-1]`)],
  [`check whether ${q('a')} and ${q('b')} are equal ignoring case`, `same = a.lower() == b.lower()`],
  [`center the string ${q('title')} in a field of 20 characters`, `title = title.center(20)`],
  [`check if the string ${q('s')} is empty or only whitespace`, `blank = not s.strip()`],
  [`get every character of ${q('s')} at an even index`, `even_chars = s[::2]`],
  [`check whether the strings ${q('a')} and ${q('b')} are anagrams`, `is_anagram = sorted(a) == sorted(b)`],
  [`print the string ${q('line')} 3 times on one line`, `print(line * 3)`],
  [`get the words of ${q('text')} that start with a capital letter`, `names = [w for w in text.split() if w[0].isupper()]`],
]);

// --- dicts -----------------------------------------------------------------------------------

family('dicts', 2, (r) => {
  const d = r.pick(DICT_NAMES), [k1, k2] = r.distinct(DICT_KEYS[d], 2), [v1, v2] = [lit(r, 1), lit(r, 1)];
  return [`create a dict ${q(d)} mapping '${k1}' to ${v1} and '${k2}' to ${v2}`, `${d} = {'${k1}': ${v1}, '${k2}': ${v2}}`];
});
family('dicts', 4, (r) => {
  const [d, k] = dictAndKey(r), v = r.int(0, 5);
  return [`get the value of key '${k}' from dict ${q(d)}, or ${v} if it is missing`, `value = ${d}.get('${k}', ${v})`];
});
family('dicts', 5, (r) => {
  const [d, k] = dictAndKey(r), v = lit(r, 1);
  return [r.pick([`set the key '${k}' of dict ${q(d)} to ${v}`, `add the key '${k}' with value ${v} to dict ${q(d)}`]), `${d}['${k}'] = ${v}`];
});
family('dicts', 3, (r) => {
  const [d, k] = dictAndKey(r);
  return r.oneOf([
    () => [`delete the key '${k}' from dict ${q(d)}`, `del ${d}['${k}']`],
    () => [`remove the key '${k}' from ${q(d)} if it is present`, `${d}.pop('${k}', None)`],
  ]);
});
family('dicts', 2, (r) => {
  const [d, k] = dictAndKey(r);
  return [`increase the count stored under '${k}' in ${q(d)} by 1`, `${d}['${k}'] = ${d}.get('${k}', 0) + 1`];
});
family('dicts', 3, (r) => {
  const d = r.pick(DICT_NAMES);
  return r.oneOf([
    () => [`print every key and value in dict ${q(d)}`, py(`for key, value in ${d}.items():`, `    print(key, value)`)],
    () => [`print every key of the dict ${q(d)}`, py(`for key in ${d}:`, `    print(key)`)],
  ]);
});
family('dicts', 3, (r) => {
  const d = r.pick(DICT_NAMES);
  return r.oneOf([
    () => [`get a list of the keys of dict ${q(d)}`, `keys = list(${d}.keys())`],
    () => [`get a list of the values of dict ${q(d)}`, `values = list(${d}.values())`],
    () => [`sum all the values in dict ${q(d)}`, `total = sum(${d}.values())`],
  ]);
});
family('dicts', 2, (r) => {
  const d = r.pick(DICT_NAMES);
  return [`swap the keys and values of dict ${q(d)}`, `inverted = {v: k for k, v in ${d}.items()}`];
});
family('dicts', 3, (r) => {
  const [a, b] = r.pick([['a', 'b'], ['defaults', 'options'], ['base', 'extra'], ['d1', 'd2']]);
  return r.oneOf([
    () => [`merge the dicts ${q(a)} and ${q(b)} into a new dict`, `merged = {**${a}, **${b}}`],
    () => [`update the dict ${q(a)} with the items of dict ${q(b)}`, `${a}.update(${b})`],
    () => [`merge the dicts ${q(a)} and ${q(b)} with the | operator`, `merged = ${a} | ${b}`],
  ]);
});
family('dicts', 3, (r) => {
  const [d, k] = dictAndKey(r);
  return r.oneOf([
    () => [`check if the key '${k}' is in dict ${q(d)}`, `has_key = '${k}' in ${d}`],
    () => [`print the value of '${k}' in ${q(d)} if the key exists`, py(`if '${k}' in ${d}:`, `    print(${d}['${k}'])`)],
  ]);
});
family('dicts', 4, (r) => {
  const d = r.pick(DICT_NAMES);
  return r.oneOf([
    () => [`sort the items of dict ${q(d)} by value`, `items = sorted(${d}.items(), key=lambda kv: kv[1])`],
    () => [`find the key with the largest value in dict ${q(d)}`, `best = max(${d}, key=${d}.get)`],
    () => [`find the key with the smallest value in dict ${q(d)}`, `worst = min(${d}, key=${d}.get)`],
  ]);
});
family('dicts', 2, (r) => {
  const n = r.int(3, 12);
  return [`create a dict mapping each number from 1 to ${n} to its square`, `squares = {i: i * i for i in range(1, ${n} + 1)}`];
});
family('dicts', 2, (r) => {
  const W = r.pick(WORD_LISTS);
  return [`count how often each string appears in list ${q(W)} using a dict`, py(`counts = {}`, `for w in ${W}:`, `    counts[w] = counts.get(w, 0) + 1`)];
});
family('dicts', 2, (r) => {
  const d = r.pick(DICT_NAMES), n = lit(r, 1);
  return r.oneOf([
    () => [`keep only the items of dict ${q(d)} whose value is greater than ${n}`, `${d} = {k: v for k, v in ${d}.items() if v > ${n}}`],
    () => [`keep only the items of dict ${q(d)} whose value is less than ${n}`, `${d} = {k: v for k, v in ${d}.items() if v < ${n}}`],
  ]);
});
family('dicts', 2, (r) => {
  const W = r.pick(WORD_LISTS);
  return r.oneOf([
    () => [`map each string in ${q(W)} to its length`, `lengths = {w: len(w) for w in ${W}}`],
    () => [`create a dict with the strings in ${q(W)} as keys, all set to 0`, `d = dict.fromkeys(${W}, 0)`],
  ]);
});
fixed('dicts', [
  [`get the number of keys in dict ${q('config')}`, `n = len(config)`],
  [`get the value of 'port' inside 'server' in the dict ${q('config')}`, `port = config['server']['port']`],
  [`create an empty dict ${q('cache')}`, `cache = {}`],
  [`remove every item from the dict ${q('cache')}`, `cache.clear()`],
  [`make a copy of the dict ${q('settings')}`, `backup = settings.copy()`],
  [`get the key and value pairs of ${q('prices')} as a list of tuples`, `pairs = list(prices.items())`],
  [`group the words in ${q('words')} by their first letter`, py(`groups = {}`, `for w in words:`, `    groups.setdefault(w[0], []).append(w)`)],
  [`add up the values of dict ${q('prices')} for the keys in list ${q('cart')}`, `total = sum(prices[k] for k in cart)`],
]);

// --- sets ------------------------------------------------------------------------------------

family('sets', 6, (r) => {
  const [a, b] = r.pick(SET_PAIRS);
  return r.oneOf([
    () => [`get the union of the sets ${q(a)} and ${q(b)}`, `union = ${a} | ${b}`],
    () => [`get the intersection of the sets ${q(a)} and ${q(b)}`, `common = ${a} & ${b}`],
    () => [`get the elements of set ${q(a)} that are not in set ${q(b)}`, `diff = ${a} - ${b}`],
    () => [`get the elements that are in exactly one of the sets ${q(a)} and ${q(b)}`, `sym = ${a} ^ ${b}`],
    () => [`check if set ${q(a)} is a subset of set ${q(b)}`, `is_subset = ${a}.issubset(${b})`],
    () => [`check if the sets ${q(a)} and ${q(b)} have no elements in common`, `disjoint = ${a}.isdisjoint(${b})`],
  ]);
});
family('sets', 3, (r) => {
  const S = r.pick(['seen', 'ids', 'tags', 'visited']), v = lit(r);
  return r.oneOf([
    () => [`add ${v} to the set ${q(S)}`, `${S}.add(${v})`],
    () => [`remove ${v} from the set ${q(S)} if it is there`, `${S}.discard(${v})`],
  ]);
});
family('sets', 3, (r) => {
  const L = r.pick([...NUM_LISTS, ...WORD_LISTS]);
  return r.oneOf([
    () => [`create a set of the unique values in list ${q(L)}`, `unique = set(${L})`],
    () => [`count the distinct values in list ${q(L)}`, `n = len(set(${L}))`],
    () => [`check whether the list ${q(L)} contains duplicates`, `has_dupes = len(${L}) != len(set(${L}))`],
  ]);
});
family('sets', 2, (r) => {
  const [a, b] = r.pick(LIST_PAIRS);
  return r.oneOf([
    () => [`find the elements common to the lists ${q(a)} and ${q(b)}`, `common = list(set(${a}) & set(${b}))`],
    () => [`find the elements of list ${q(a)} that are not in list ${q(b)}`, `diff = [x for x in ${a} if x not in ${b}]`],
  ]);
});
family('sets', 2, (r) => {
  const L = r.pick(NUM_LISTS), k = r.int(2, 9);
  return [`build a set of the remainders of the numbers in ${q(L)} divided by ${k}`, `remainders = {x % ${k} for x in ${L}}`];
});
fixed('sets', [
  [`create an empty set ${q('seen')}`, `seen = set()`],
  [`create a set ${q('vowels')} of the letters a, e, i, o and u`, `vowels = set('aeiou')`],
  [`make an immutable set from the list ${q('ids')}`, `frozen = frozenset(ids)`],
]);

// --- math ------------------------------------------------------------------------------------

fixed('functions', [
  [`write a function to add two numbers`, py(`def add(a, b):`, `    return a + b`)],
  [`write a function to subtract two numbers`, py(`def subtract(a, b):`, `    return a - b`)],
  [`write a function to multiply two numbers`, py(`def multiply(a, b):`, `    return a * b`)],
  [`write a function to divide two numbers`, py(`def divide(a, b):`, `    return a / b`)],
  [`write a function that returns the square of a number`, py(`def square(x):`, `    return x * x`)],
  [`write a function that returns the cube of a number`, py(`def cube(x):`, `    return x ** 3`)],
  [`write a function to check if a number is even`, py(`def is_even(n):`, `    return n % 2 == 0`)],
  [`write a function to check if a number is odd`, py(`def is_odd(n):`, `    return n % 2 != 0`)],
  [`write a function that returns the largest number in a list`, py(`def find_max(nums):`, `    return max(nums)`)],
  [`write a function that returns the average of a list of numbers`, py(`def average(nums):`, `    return sum(nums) / len(nums)`)],
  [`write a function to reverse a string`, py(`def reverse(s):`, `    return s[::-1]`)],
  [`write a function that counts the vowels in a string`, py(`def count_vowels(s):`, `    return sum(1 for c in s if c in 'aeiou')`)],
  [`write a function that greets a person by name`, py(`def greet(name):`, `    print(f'Hello, {name}!')`)],
  [`write a function that prints 'Hello, world!'`, py(`def hello():`, `    print('Hello, world!')`)],
  [`write a function that raises a number to a power, squaring by default`, py(`def power(x, n=2):`, `    return x ** n`)],
  [`write a function that returns the smallest and largest values of a list`, py(`def min_max(nums):`, `    return min(nums), max(nums)`)],
  [`write a function to check if a year is a leap year`, py(`def is_leap(year):`, `    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)`)],
  [`write a function that returns the area of a rectangle`, py(`def area(width, height):`, `    return width * height`)],
  [`write a function that checks if a number is positive`, py(`def is_positive(x):`, `    return x > 0`)],
  [`write a function that returns the first element of a list`, py(`def first(items):`, `    return items[0]`)],
  [`write a function that returns the last element of a list`, py(`def last(items):`, `    return items[-1]`)],
  [`write a function that limits ${q('x')} to the range from ${q('lo')} to ${q('hi')}`, py(`def clamp(x, lo, hi):`, `    return max(lo, min(x, hi))`)],
  [`write a function that counts the words in a string`, py(`def count_words(s):`, `    return len(s.split())`)],
  [`write a function that returns the sum of any number of arguments`, py(`def total(*args):`, `    return sum(args)`)],
  [`write a function that prints each keyword argument and its value`, py(`def show(**kwargs):`, `    for key, value in kwargs.items():`, `        print(key, value)`)],
  [`write a function to convert Celsius to Fahrenheit`, py(`def celsius_to_fahrenheit(c):`, `    return c * 9 / 5 + 32`)],
  [`write a function to convert Fahrenheit to Celsius`, py(`def fahrenheit_to_celsius(f):`, `    return (f - 32) * 5 / 9`)],
  [`write a function to check if a number is prime`, py(`def is_prime(n):`, `    return n > 1 and all(n % i for i in range(2, n))`)],
  [`write a function that returns the n-th Fibonacci number`, py(`def fib(n):`, `    a, b = 0, 1`, `    for _ in range(n):`, `        a, b = b, a + b`, `    return a`)],
  [`write a recursive function to compute the factorial of ${q('n')}`, py(`def factorial(n):`, `    if n <= 1:`, `        return 1`, `    return n * factorial(n - 1)`)],
  [`write a function that returns the sum of the numbers in a list using a loop`, py(`def sum_list(nums):`, `    total = 0`, `    for x in nums:`, `        total += x`, `    return total`)],
  [`write a function that returns the index of ${q('target')} in ${q('items')}, or -1`, py(`def index_of(items, target):`, `    for i, x in enumerate(items):`, `        if x == target:`, `            return i`, `    return -1`)],
  [`write a function that returns the even numbers of a list`, py(`def evens(nums):`, `    return [x for x in nums if x % 2 == 0]`)],
  [`write a function that removes duplicates from a list`, py(`def unique(items):`, `    return list(set(items))`)],
  [`write a function that returns the sign of a number`, py(`def sign(x):`, `    if x > 0:`, `        return 1`, `    if x < 0:`, `        return -1`, `    return 0`)],
  [`write a function that returns the sum of the digits of a number`, py(`def digit_sum(n):`, `    return sum(int(d) for d in str(n))`)],
  [`write a function that checks if a list is empty`, py(`def is_empty(items):`, `    return len(items) == 0`)],
  [`write a function that returns the distance between two points`, py(`import math`, `def distance(p, q):`, `    return math.dist(p, q)`)],
]);
family('functions', 4, (r) => {
  const [name, op, what] = r.pick([
    ['double', 'x * 2', 'doubles a number'],
    ['triple', 'x * 3', 'triples a number'],
    ['square', 'x ** 2', 'squares a number'],
    ['half', 'x / 2', 'halves a number'],
    ['inc', 'x + 1', 'adds 1 to a number'],
    ['negate', '-x', 'negates a number'],
    ['is_even', 'x % 2 == 0', 'checks if a number is even'],
  ]);
  return [`write a lambda named ${q(name)} that ${what}`, `${name} = lambda x: ${op}`];
});
fixed('functions', [
  [`write a lambda that adds two numbers`, `add = lambda a, b: a + b`],
  [`write a lambda that returns the larger of two numbers`, `bigger = lambda a, b: a if a > b else b`],
]);
family('functions', 2, (r) => {
  const f = r.pick(['add', 'multiply', 'combine', 'compare']), a = r.int(1, 9), b = r.int(1, 9);
  return [`call the function ${q(f)} with the arguments ${a} and ${b}`, `result = ${f}(${a}, ${b})`];
});
family('functions', 2, (r) => {
  const f = r.pick(['square', 'clean', 'convert', 'is_valid']), L = r.pick(['items', 'values', 'data', 'rows']);
  return r.oneOf([
    () => [`apply the function ${q(f)} to every element of ${q(L)}`, `results = list(map(${f}, ${L}))`],
    () => [`keep the elements of ${q(L)} for which ${q(f)} returns a true value`, `kept = list(filter(${f}, ${L}))`],
  ]);
});

family('math', 2, (r) => {
  const x = r.pick(FLOATS);
  return r.oneOf([
    () => [`compute the square root of ${q(x)}`, py(`import math`, `root = math.sqrt(${x})`)],
    () => [`round ${q(x)} down to the nearest integer`, py(`import math`, `n = math.floor(${x})`)],
    () => [`round ${q(x)} up to the nearest integer`, py(`import math`, `n = math.ceil(${x})`)],
    () => [`compute the natural logarithm of ${q(x)}`, py(`import math`, `y = math.log(${x})`)],
    () => [`compute the base 10 logarithm of ${q(x)}`, py(`import math`, `y = math.log10(${x})`)],
  ]);
});
family('math', 2, (r) => {
  const n = r.int(3, 12);
  return [`compute the factorial of ${n} with the math module`, py(`import math`, `result = math.factorial(${n})`)];
});
family('math', 4, (r) => {
  const [a, b] = r.distinct(NUMBERS, 2);
  return r.oneOf([
    () => [`find the greatest common divisor of ${q(a)} and ${q(b)}`, py(`import math`, `g = math.gcd(${a}, ${b})`)],
    () => [`find the least common multiple of ${q(a)} and ${q(b)}`, py(`import math`, `m = math.lcm(${a}, ${b})`)],
    () => [`get the quotient and remainder of ${q(a)} divided by ${q(b)}`, `quotient, remainder = divmod(${a}, ${b})`],
  ]);
});
family('math', 4, (r) => {
  const x = r.pick(NUMBERS), n = r.int(2, 5);
  return r.oneOf([
    () => [`raise ${q(x)} to the power ${n}`, `result = ${x} ** ${n}`],
    () => [`compute ${q(x)} to the power of ${n} with pow`, `result = pow(${x}, ${n})`],
  ]);
});
family('math', 2, (r) => {
  const x = r.pick(FLOATS), n = r.int(1, 3);
  return [`round ${q(x)} to ${places(n)}`, `${x} = round(${x}, ${n})`];
});
fixed('math', [
  [`compute the area of a circle with radius ${q('r')}`, py(`import math`, `area = math.pi * r ** 2`)],
  [`compute the circumference of a circle with radius ${q('r')}`, py(`import math`, `circumference = 2 * math.pi * r`)],
  [`compute the hypotenuse of a right triangle with sides ${q('a')} and ${q('b')}`, py(`import math`, `c = math.hypot(a, b)`)],
  [`convert the angle ${q('deg')} from degrees to radians`, py(`import math`, `rad = math.radians(deg)`)],
  [`compute the sine of the angle ${q('theta')}`, py(`import math`, `y = math.sin(theta)`)],
  [`compute the distance between the points ${q('p')} and ${q('q')}`, py(`import math`, `d = math.dist(p, q)`)],
  [`compute the sum of the digits of ${q('n')}`, `digit_sum = sum(int(d) for d in str(n))`],
  [`count the digits of the integer ${q('n')}`, `digits = len(str(abs(n)))`],
  [`check if ${q('x')} is a whole number`, `is_whole = float(x).is_integer()`],
  [`compute the mean of the numbers in ${q('data')} with the statistics module`, py(`import statistics`, `mean = statistics.mean(data)`)],
  [`compute the median of the numbers in ${q('data')}`, py(`import statistics`, `median = statistics.median(data)`)],
  [`compute the standard deviation of ${q('data')}`, py(`import statistics`, `sd = statistics.stdev(data)`)],
  [`compute the average of ${q('a')}, ${q('b')} and ${q('c')}`, `avg = (a + b + c) / 3`],
  [`convert the hexadecimal string ${q('h')} to an integer`, `n = int(h, 16)`],
  [`check whether ${q('x')} is infinite`, py(`import math`, `inf = math.isinf(x)`)],
]);
family('math', 2, (r) => {
  const n = lit(r, 10);
  return r.oneOf([
    () => [`compute the sum of the integers from 1 to ${n}`, `total = sum(range(1, ${n} + 1))`],
    () => [`compute the sum of the even numbers up to ${n}`, `total = sum(range(0, ${n} + 1, 2))`],
  ]);
});
family('math', 4, (r) => {
  const [a, b, c] = r.distinct(NUMBERS, 3);
  return r.oneOf([
    () => [`find the larger of ${q(a)} and ${q(b)}`, `largest = max(${a}, ${b})`],
    () => [`find the smaller of ${q(a)} and ${q(b)}`, `smallest = min(${a}, ${b})`],
    () => [`find the largest of ${q(a)}, ${q(b)} and ${q(c)}`, `largest = max(${a}, ${b}, ${c})`],
  ]);
});
family('math', 2, (r) => {
  const x = r.pick(NUMBERS), k = r.int(2, 10);
  return r.oneOf([
    () => [`get the remainder of ${q(x)} divided by ${k}`, `r = ${x} % ${k}`],
    () => [`divide ${q(x)} by ${k} and round down`, `q = ${x} // ${k}`],
  ]);
});
family('math', 5, (r) => {
  const x = r.pick(NUMBERS), k = r.int(2, 10);
  return r.oneOf([
    () => [`increase ${q(x)} by ${k}`, `${x} += ${k}`],
    () => [`decrease ${q(x)} by ${k}`, `${x} -= ${k}`],
    () => [`multiply ${q(x)} by ${k} in place`, `${x} *= ${k}`],
  ]);
});
family('math', 2, (r) => {
  const x = r.pick(NUMBERS);
  return r.oneOf([
    () => [`get the absolute value of ${q(x)}`, `${x} = abs(${x})`],
    () => [`negate the number ${q(x)}`, `${x} = -${x}`],
  ]);
});
family('math', 2, (r) => {
  const [a, b] = r.pick([['a', 'b'], ['x', 'y'], ['first', 'second'], ['left', 'right']]);
  return [`swap the values of ${q(a)} and ${q(b)}`, `${a}, ${b} = ${b}, ${a}`];
});
family('math', 6, (r) => {
  const L = r.pick(NUM_LISTS), n = lit(r, 2), k = r.int(2, 5);
  return r.oneOf([
    () => [`pick a random integer between 1 and ${n}`, py(`import random`, `n = random.randint(1, ${n})`)],
    () => [`choose a random element from the list ${q(L)}`, py(`import random`, `item = random.choice(${L})`)],
    () => [`shuffle the list ${q(L)} randomly`, py(`import random`, `random.shuffle(${L})`)],
    () => [`pick ${k} different random elements from ${q(L)}`, py(`import random`, `picked = random.sample(${L}, ${k})`)],
    () => [`set the random seed to ${n}`, py(`import random`, `random.seed(${n})`)],
  ]);
});
fixed('math', [
  [`generate a random float between 0 and 1`, py(`import random`, `x = random.random()`)],
  [`generate a random float between 1 and 10`, py(`import random`, `x = random.uniform(1, 10)`)],
  [`simulate the roll of a six-sided die`, py(`import random`, `roll = random.randint(1, 6)`)],
]);

// --- files, os, json ---------------------------------------------------------------------------

family('files', 6, (r) => {
  const f = r.pick(TEXT_FILES);
  return r.oneOf([
    () => [`read the whole file '${f}' into a string ${q('text')}`, py(`with open('${f}') as f:`, `    text = f.read()`)],
    () => [`read the lines of '${f}' into a list without newlines`, py(`with open('${f}') as f:`, `    lines = f.read().splitlines()`)],
    () => [`print each line of the file '${f}'`, py(`with open('${f}') as f:`, `    for line in f:`, `        print(line.rstrip())`)],
    () => [`count the lines in the file '${f}'`, py(`with open('${f}') as f:`, `    n = sum(1 for _ in f)`)],
  ]);
});
family('files', 5, (r) => {
  const f = r.pick(TEXT_FILES), s = r.pick(['text', 'line', 'msg', 'report']), W = r.pick(['lines', 'names', 'rows']);
  return r.oneOf([
    () => [`write the string ${q(s)} to the file '${f}'`, py(`with open('${f}', 'w') as f:`, `    f.write(${s})`)],
    () => [`append the string ${q(s)} to the file '${f}'`, py(`with open('${f}', 'a') as f:`, `    f.write(${s})`)],
    () => [`write each string in ${q(W)} to '${f}' on its own line`, py(`with open('${f}', 'w') as f:`, `    f.write('\\n'.join(${W}))`)],
  ]);
});
family('files', 6, (r) => {
  const f = r.pick(TEXT_FILES), dir = r.pick(['out', 'logs', 'data', 'tmp']);
  return r.oneOf([
    () => [`check if the file '${f}' exists`, py(`import os`, `exists = os.path.exists('${f}')`)],
    () => [`delete the file '${f}'`, py(`import os`, `os.remove('${f}')`)],
    () => [`get the size of the file '${f}' in bytes`, py(`import os`, `size = os.path.getsize('${f}')`)],
    () => [`create the directory '${dir}' if it does not exist`, py(`import os`, `os.makedirs('${dir}', exist_ok=True)`)],
    () => [`list the files in the directory '${dir}'`, py(`import os`, `files = os.listdir('${dir}')`)],
  ]);
});
fixed('files', [
  [`list the files in the current directory`, py(`import os`, `files = os.listdir('.')`)],
  [`get the current working directory`, py(`import os`, `cwd = os.getcwd()`)],
  [`join the folder ${q('folder')} and the file name ${q('name')} into a path`, py(`import os`, `path = os.path.join(folder, name)`)],
  [`get the extension of the file name ${q('filename')}`, py(`import os`, `ext = os.path.splitext(filename)[1]`)],
  [`get the last part of the path ${q('path')}`, py(`import os`, `base = os.path.basename(path)`)],
  [`get the directory part of the path ${q('path')}`, py(`import os`, `folder = os.path.dirname(path)`)],
  [`read the environment variable 'HOME'`, py(`import os`, `home = os.environ.get('HOME')`)],
  [`rename the file 'old.txt' to 'new.txt'`, py(`import os`, `os.rename('old.txt', 'new.txt')`)],
  [`check if ${q('path')} is a directory`, py(`import os`, `is_dir = os.path.isdir(path)`)],
  [`read the rows of the CSV file 'data.csv'`, py(`import csv`, `with open('data.csv') as f:`, `    rows = list(csv.reader(f))`)],
  [`read the first line of the file 'data.txt'`, py(`with open('data.txt') as f:`, `    first = f.readline()`)],
  [`find the files ending in '.py' in the current directory`, py(`import glob`, `files = glob.glob('*.py')`)],
]);
family('files', 5, (r) => {
  const d = r.pick(['data', 'config', 'result', 'record']), f = r.pick(JSON_FILES), s = r.pick(['text', 'raw', 'payload']);
  return r.oneOf([
    () => [`convert the dict ${q(d)} to a JSON string`, py(`import json`, `text = json.dumps(${d})`)],
    () => [`convert ${q(d)} to a JSON string indented by 2 spaces`, py(`import json`, `text = json.dumps(${d}, indent=2)`)],
    () => [`parse the JSON string ${q(s)} into a Python object`, py(`import json`, `obj = json.loads(${s})`)],
    () => [`save the dict ${q(d)} as JSON in the file '${f}'`, py(`import json`, `with open('${f}', 'w') as f:`, `    json.dump(${d}, f)`)],
    () => [`load the JSON file '${f}' into ${q(d)}`, py(`import json`, `with open('${f}') as f:`, `    ${d} = json.load(f)`)],
  ]);
});

// --- loops -----------------------------------------------------------------------------------

family('loops', 7, (r) => {
  const n = r.int(5, 20);
  return r.oneOf([
    () => [`print the numbers from 1 to ${n}`, py(`for i in range(1, ${n} + 1):`, `    print(i)`)],
    () => [`print the even numbers from 0 to ${n}`, py(`for i in range(0, ${n} + 1, 2):`, `    print(i)`)],
    () => [`count down from ${n} to 1`, py(`for i in range(${n}, 0, -1):`, `    print(i)`)],
    () => [`print the numbers below ${n} using a while loop`, py(`i = 0`, `while i < ${n}:`, `    print(i)`, `    i += 1`)],
    () => [`print the squares of the numbers from 1 to ${n}`, py(`for i in range(1, ${n} + 1):`, `    print(i * i)`)],
  ]);
});
family('loops', 3, (r) => {
  const L = r.pick([...NUM_LISTS, ...WORD_LISTS]);
  return [r.pick([`print each element of list ${q(L)}`, `loop over ${q(L)} and print every item`]), py(`for x in ${L}:`, `    print(x)`)];
});
family('loops', 2, (r) => {
  const n = r.int(2, 12);
  return [`print the multiplication table of ${n}`, py(`for i in range(1, 11):`, `    print(f'${n} x {i} = {${n} * i}')`)];
});
family('loops', 4, (r) => {
  const L = r.pick(NUM_LISTS);
  return r.oneOf([
    () => [`sum the numbers in ${q(L)} with a for loop`, py(`total = 0`, `for x in ${L}:`, `    total += x`)],
    () => [`print the first negative number in ${q(L)} and stop`, py(`for x in ${L}:`, `    if x < 0:`, `        print(x)`, `        break`)],
    () => [`print the positive numbers in ${q(L)}`, py(`for x in ${L}:`, `    if x > 0:`, `        print(x)`)],
  ]);
});
family('loops', 2, (r) => {
  const n = r.int(2, 5);
  return [`print every pair of numbers ${q('i')} and ${q('j')} below ${n}`, py(`for i in range(${n}):`, `    for j in range(${n}):`, `        print(i, j)`)];
});
family('loops', 2, (r) => {
  const s = r.pick(STRINGS);
  return [`print each character of the string ${q(s)}`, py(`for c in ${s}:`, `    print(c)`)];
});
family('loops', 2, (r) => {
  const [a, b] = r.pick(LIST_PAIRS);
  return [`loop over ${q(a)} and ${q(b)} together and print each pair`, py(`for x, y in zip(${a}, ${b}):`, `    print(x, y)`)];
});
family('loops', 2, (r) => {
  const n = r.int(10, 30), k = r.int(3, 7);
  return [`print the numbers from 1 to ${n} except multiples of ${k}`, py(`for i in range(1, ${n} + 1):`, `    if i % ${k} == 0:`, `        continue`, `    print(i)`)];
});
family('loops', 2, (r) => {
  const n = r.int(3, 10), k = r.int(2, 9);
  return [`build a list of the first ${n} multiples of ${k} with a loop`, py(`multiples = []`, `for i in range(1, ${n} + 1):`, `    multiples.append(i * ${k})`)];
});
fixed('loops', [
  [`print each word in ${q('names')} numbered from 1`, py(`for i, name in enumerate(names, start=1):`, `    print(i, name)`)],
  [`repeat printing 'hello' 3 times`, py(`for _ in range(3):`, `    print('hello')`)],
  [`loop forever until the user types 'q'`, py(`while True:`, `    if input() == 'q':`, `        break`)],
  [`double ${q('n')} until it is larger than 1000`, py(`while n <= 1000:`, `    n *= 2`)],
  [`print the keys of ${q('prices')} in sorted order`, py(`for key in sorted(prices):`, `    print(key)`)],
  [`iterate over the list ${q('items')} in reverse order and print each item`, py(`for item in reversed(items):`, `    print(item)`)],
]);

// --- conditionals ------------------------------------------------------------------------------

family('conditionals', 2, (r) => {
  const x = r.pick(NUMBERS), a = lit(r, 0, 10), b = lit(r, a + 5);
  return [`print ${q(x)} if it is between ${a} and ${b}`, py(`if ${a} <= ${x} <= ${b}:`, `    print(${x})`)];
});
family('conditionals', 2, (r) => {
  const n = r.pick(NUMBERS), k = r.int(2, 12);
  return [`print 'yes' if ${q(n)} is divisible by ${k}`, py(`if ${n} % ${k} == 0:`, `    print('yes')`)];
});
family('conditionals', 2, (r) => {
  const n = r.pick(NUMBERS);
  return r.oneOf([
    () => [`set ${q('label')} to 'even' or 'odd' depending on ${q(n)}`, `label = 'even' if ${n} % 2 == 0 else 'odd'`],
    () => [`print whether the number ${q(n)} is even or odd`, py(`if ${n} % 2 == 0:`, `    print('even')`, `else:`, `    print('odd')`)],
  ]);
});
family('conditionals', 2, (r) => {
  const s = r.pick(STRINGS);
  return [`print 'empty' if the string ${q(s)} is empty`, py(`if not ${s}:`, `    print('empty')`)];
});
family('conditionals', 2, (r) => {
  const x = r.pick(NUMBERS);
  return [`set ${q(x)} to 0 if it is None`, py(`if ${x} is None:`, `    ${x} = 0`)];
});
family('conditionals', 2, (r) => {
  const [a, b] = r.distinct(NUMBERS, 2);
  return r.oneOf([
    () => [`set ${q('m')} to the larger of ${q(a)} and ${q(b)} with a conditional expression`, `m = ${a} if ${a} > ${b} else ${b}`],
    () => [`print ${q(a)} if it is greater than ${q(b)}, otherwise print ${q(b)}`, py(`if ${a} > ${b}:`, `    print(${a})`, `else:`, `    print(${b})`)],
  ]);
});
family('conditionals', 2, (r) => {
  const x = r.pick(NUMBERS), k = lit(r, 10);
  return [`cap ${q(x)} at ${k}`, `${x} = min(${x}, ${k})`];
});
fixed('conditionals', [
  [`set ${q('grade')} to 'A' if ${q('score')} is at least 90, 'B' if at least 80, otherwise 'C'`, py(`if score >= 90:`, `    grade = 'A'`, `elif score >= 80:`, `    grade = 'B'`, `else:`, `    grade = 'C'`)],
  [`set ${q('sign')} to 1, -1 or 0 depending on whether ${q('x')} is positive, negative or zero`, py(`if x > 0:`, `    sign = 1`, `elif x < 0:`, `    sign = -1`, `else:`, `    sign = 0`)],
  [`limit ${q('x')} to the range 0 to 100`, `x = max(0, min(x, 100))`],
  [`check if ${q('a')} and ${q('b')} are both true`, `both = a and b`],
  [`check if at least one of ${q('a')} and ${q('b')} is true`, `either = a or b`],
  [`print 'adult' if ${q('age')} is 18 or more`, py(`if age >= 18:`, `    print('adult')`)],
  [`use ${q('name')} if it is not empty, otherwise 'guest'`, `user = name or 'guest'`],
  [`check whether ${q('year')} is a leap year`, `leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)`],
]);

// --- classes ---------------------------------------------------------------------------------

fixed('classes', [
  [`create a class ${q('Point')} with attributes ${q('x')} and ${q('y')}`, py(`class Point:`, `    def __init__(self, x, y):`, `        self.x = x`, `        self.y = y`)],
  [`create a class ${q('Dog')} with a method ${q('bark')} that prints 'Woof'`, py(`class Dog:`, `    def bark(self):`, `        print('Woof')`)],
  [`create an empty class ${q('Config')}`, py(`class Config:`, `    pass`)],
  [`create a class ${q('Counter')} with a ${q('count')} starting at 0 and a method to increment it`, py(`class Counter:`, `    def __init__(self):`, `        self.count = 0`, `    def increment(self):`, `        self.count += 1`)],
  [`create a dataclass ${q('Point')} with integer fields ${q('x')} and ${q('y')}`, py(`from dataclasses import dataclass`, `@dataclass`, `class Point:`, `    x: int`, `    y: int`)],
  [`create a class ${q('Rectangle')} with a width, a height and a method ${q('area')}`, py(`class Rectangle:`, `    def __init__(self, w, h):`, `        self.w = w`, `        self.h = h`, `    def area(self):`, `        return self.w * self.h`)],
  [`create a class ${q('Cat')} that inherits from ${q('Animal')}`, py(`class Cat(Animal):`, `    pass`)],
  [`create a class ${q('Person')} whose ${q('greet')} method prints its name`, py(`class Person:`, `    def __init__(self, name):`, `        self.name = name`, `    def greet(self):`, `        print(self.name)`)],
  [`create a custom exception class ${q('ValidationError')}`, py(`class ValidationError(Exception):`, `    pass`)],
  [`create a ${q('Point')} object ${q('p')} at x 3 and y 4`, `p = Point(3, 4)`],
  [`call the method ${q('bark')} on the object ${q('dog')}`, `dog.bark()`],
  [`get the class name of the object ${q('obj')}`, `name = type(obj).__name__`],
  [`check if the object ${q('obj')} has an attribute 'name'`, `has_name = hasattr(obj, 'name')`],
]);
family('classes', 3, (r) => {
  const x = r.pick(['x', 'value', 'obj', 'item']), [t, what] = r.pick([['int', 'an integer'], ['str', 'a string'], ['list', 'a list'], ['dict', 'a dict'], ['float', 'a float']]);
  return [`check if ${q(x)} is ${what}`, `is_${t} = isinstance(${x}, ${t})`];
});

// --- imports, datetime, re, collections, misc -----------------------------------------------------

family('imports', 3, (r) => {
  const m = r.pick(['math', 'random', 'os', 'json', 're', 'sys', 'time', 'datetime', 'collections']);
  return [`import the ${m} module`, `import ${m}`];
});
family('imports', 3, (r) => {
  const [m, name] = r.pick([['math', 'sqrt'], ['math', 'pi'], ['random', 'randint'], ['random', 'choice'], ['os', 'path'], ['collections', 'Counter'], ['datetime', 'date'], ['json', 'dumps']]);
  return [`import ${q(name)} from the ${m} module`, `from ${m} import ${name}`];
});
fixed('imports', [
  [`get the current date and time`, py(`from datetime import datetime`, `now = datetime.now()`)],
  [`get the current date`, py(`from datetime import date`, `today = date.today()`)],
  [`get the current year`, py(`from datetime import date`, `year = date.today().year`)],
  [`format the datetime ${q('now')} as year-month-day`, `text = now.strftime('%Y-%m-%d')`],
  [`parse the string ${q('s')} in the form year-month-day into a datetime`, py(`from datetime import datetime`, `dt = datetime.strptime(s, '%Y-%m-%d')`)],
  [`compute the number of days between the dates ${q('start')} and ${q('end')}`, `days = (end - start).days`],
  [`find all the numbers in the string ${q('s')} with a regular expression`, py(`import re`, `numbers = re.findall(r'\\d+', s)`)],
  [`replace runs of whitespace in ${q('s')} with a single space`, py(`import re`, `s = re.sub(r'\\s+', ' ', s)`)],
  [`split the string ${q('s')} on commas or semicolons`, py(`import re`, `parts = re.split(r'[,;]', s)`)],
  [`find all the words in ${q('text')} with a regular expression`, py(`import re`, `words = re.findall(r'\\w+', text)`)],
  [`remove all digits from the string ${q('s')}`, py(`import re`, `s = re.sub(r'\\d', '', s)`)],
  [`check if ${q('s')} consists only of lower case letters using a regex`, py(`import re`, `ok = re.fullmatch(r'[a-z]+', s) is not None`)],
  [`count the words in list ${q('words')} with a Counter`, py(`from collections import Counter`, `counts = Counter(words)`)],
  [`create a dict ${q('groups')} whose missing keys default to an empty list`, py(`from collections import defaultdict`, `groups = defaultdict(list)`)],
  [`create an empty double-ended queue ${q('queue')}`, py(`from collections import deque`, `queue = deque()`)],
  [`remove and return the item at the front of the deque ${q('queue')}`, `item = queue.popleft()`],
  [`create a named tuple type ${q('Point')} with fields 'x' and 'y'`, py(`from collections import namedtuple`, `Point = namedtuple('Point', ['x', 'y'])`)],
  [`pause the program for 2 seconds`, py(`import time`, `time.sleep(2)`)],
  [`get the current time in seconds since the epoch`, py(`import time`, `t = time.time()`)],
  [`print the command-line arguments after the script name`, py(`import sys`, `print(sys.argv[1:])`)],
  [`exit the program with status 1`, py(`import sys`, `sys.exit(1)`)],
  [`import the math module under the name ${q('m')}`, `import math as m`],
]);
family('imports', 2, (r) => {
  const n = lit(r, 1, 30);
  return r.oneOf([
    () => [`get the date ${n} days from today`, py(`from datetime import date, timedelta`, `later = date.today() + timedelta(days=${n})`)],
    () => [`get the date ${n} days ago`, py(`from datetime import date, timedelta`, `earlier = date.today() - timedelta(days=${n})`)],
  ]);
});
family('imports', 2, (r) => {
  const L = r.pick([...NUM_LISTS, ...WORD_LISTS]), n = r.int(2, 5);
  return [`find the ${n} most common elements of ${q(L)}`, py(`from collections import Counter`, `top = Counter(${L}).most_common(${n})`)];
});

family('tuples', 2, (r) => {
  const t = r.pick(['point', 'pair', 'pos', 't']), [a, b] = r.pick([['x', 'y'], ['a', 'b'], ['first', 'second'], ['lat', 'lon']]);
  return [`unpack the tuple ${q(t)} into ${q(a)} and ${q(b)}`, `${a}, ${b} = ${t}`];
});
fixed('tuples', [
  [`create a tuple ${q('t')} of the numbers 1, 2 and 3`, `t = (1, 2, 3)`],
  [`convert the list ${q('items')} to a tuple`, `t = tuple(items)`],
  [`get the second element of the tuple ${q('t')}`, `second = t[1]`],
  [`create a tuple with the single element 5`, `t = (5,)`],
  [`unpack the first element of ${q('items')} into ${q('head')} and the rest into ${q('tail')}`, `head, *tail = items`],
  [`return two values ${q('a')} and ${q('b')} from a function as a tuple`, py(`def pair(a, b):`, `    return a, b`)],
]);
fixed('errors', [
  [`divide ${q('a')} by ${q('b')}, using 0 if ${q('b')} is zero`, py(`try:`, `    r = a / b`, `except ZeroDivisionError:`, `    r = 0`)],
  [`convert ${q('s')} to an int, using 0 if it is not a number`, py(`try:`, `    n = int(s)`, `except ValueError:`, `    n = 0`)],
  [`raise a ValueError if ${q('x')} is negative`, py(`if x < 0:`, `    raise ValueError('negative')`)],
  [`print 'missing' if the file 'data.txt' cannot be found`, py(`try:`, `    open('data.txt')`, `except FileNotFoundError:`, `    print('missing')`)],
  [`get the value of 'k' from ${q('d')}, printing 'no key' if it is missing`, py(`try:`, `    v = d['k']`, `except KeyError:`, `    print('no key')`)],
  [`print any exception raised by calling ${q('run')}`, py(`try:`, `    run()`, `except Exception as e:`, `    print(e)`)],
  [`call ${q('cleanup')} after ${q('work')}, even if ${q('work')} fails`, py(`try:`, `    work()`, `finally:`, `    cleanup()`)],
  [`assert that ${q('x')} is positive`, `assert x > 0`],
  [`assert that the list ${q('items')} is not empty`, `assert items, 'empty list'`],
]);
fixed('io', [
  [`print 'Hello, world!'`, `print('Hello, world!')`],
  [`read a line from the user into ${q('name')}`, `name = input()`],
  [`read an integer from the user`, `n = int(input())`],
  [`ask the user for their name`, `name = input('Name: ')`],
  [`read two integers from one line of input`, `a, b = map(int, input().split())`],
  [`print ${q('a')} and ${q('b')} separated by a comma`, `print(a, b, sep=',')`],
  [`print ${q('x')} without a newline at the end`, `print(x, end='')`],
  [`print an empty line`, `print()`],
  [`print the elements of ${q('nums')} on one line separated by spaces`, `print(*nums)`],
  [`define a constant ${q('MAX_SIZE')} equal to 100`, `MAX_SIZE = 100`],
  [`set ${q('a')}, ${q('b')} and ${q('c')} to 0 in one line`, `a = b = c = 0`],
  [`get the type of ${q('x')}`, `t = type(x)`],
]);

// ---------------------------------------------------------------------------------------------
// Generation.

/** The same key as src/shared/dataset/normalize.ts normalizeDescription (for ASCII text without numbering). */
function descriptionKey(description) {
  return description.toLowerCase().replace(/\s+/g, ' ').replace(/[\s.:;!?]+$/, '').trim();
}

function generate() {
  const r = makeRandom(SEED);
  const pairs = [];
  const seen = new Map();
  for (const [index, fam] of FAMILIES.entries()) {
    let made = 0;
    for (let attempt = 0; made < fam.count && attempt < fam.count * 50; attempt++) {
      const [description, code] = fam.make(r);
      const key = descriptionKey(description);
      if (seen.has(key)) {
        if (fam.count === 1) throw new Error(`family #${index} (${fam.category}): description repeats an earlier one: "${description}"`);
        continue;
      }
      seen.set(key, true);
      pairs.push({ category: fam.category, description, code });
      made++;
    }
    if (made < fam.count) throw new Error(`family #${index} (${fam.category}) made only ${made} of ${fam.count} distinct descriptions`);
  }
  return r.shuffle(pairs);
}

function checkShape(pairs) {
  for (const { description, code } of pairs) {
    if (!description.trim() || !code.trim()) throw new Error(`empty description or code: ${JSON.stringify({ description, code })}`);
    if (/\t|\r|[ \t]\n|\s$/.test(code)) throw new Error(`code has tabs, CR or trailing whitespace: ${JSON.stringify(code)}`);
    for (const line of code.split('\n')) {
      const indent = line.length - line.trimStart().length;
      if (indent % 4 !== 0) throw new Error(`code is not indented by multiples of 4 spaces: ${JSON.stringify(code)}`);
    }
  }
}

/** Parses every snippet with python3's ast module; warns (does not fail) when python3 is absent. */
function checkPython(pairs) {
  const script = [
    'import ast, json, sys',
    'bad = []',
    'for i, code in enumerate(json.load(sys.stdin)):',
    '    try:',
    '        ast.parse(code)',
    '    except SyntaxError as e:',
    '        bad.append(f"{i}: {e.msg} (line {e.lineno}): {code!r}")',
    'print("\\n".join(bad))',
    'sys.exit(1 if bad else 0)',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script], { input: JSON.stringify(pairs.map((p) => p.code)), encoding: 'utf8' });
  if (result.error) {
    console.warn(`warning: python3 not available (${result.error.message}); snippets were NOT parse-checked here (the vitest test checks them with Pyodide)`);
    return;
  }
  if (result.status !== 0) throw new Error(`snippets that do not parse as Python 3:\n${result.stdout}${result.stderr}`);
}

function renderData(pairs) {
  return pairs.map(({ description, code }) => JSON.stringify({ description, code })).join('\n') + '\n';
}

function renderReadme(pairs) {
  const byCategory = new Map();
  for (const p of pairs) byCategory.set(p.category, (byCategory.get(p.category) ?? 0) + 1);
  const rows = [...byCategory.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const multiline = pairs.filter((p) => p.code.includes('\n')).length;
  const defs = pairs.filter((p) => /^(?:def |class |@)/m.test(p.code)).length;
  return [
    '# Built-in sample dataset',
    '',
    '`english-python-sample.jsonl` is the dataset the studio opens on at first launch and the one its',
    'one-click quick training run uses. Each line is one JSON object `{"description": "...", "code": "..."}`:',
    'an English request and the Python 3 code that does it (`\\n` newlines, 4-space indents).',
    '',
    'The pairs are short on purpose: most code is 5–40 tokens as the studio counts them (string literals',
    'split into characters), none more than 47, so everything fits the quick-run preset (`tiny`, at most',
    '48 target tokens with the end marker). They are built from recurring patterns with varied names and',
    'literals ("add <k> to every element of list `<name>`" for several k and names, and so on), so',
    'that a tiny Transformer visibly learns within a few hundred steps and about half of the validation',
    'pairs have a train pair of the same pattern. It is a demonstration set, not a benchmark.',
    '',
    '## How it was made',
    '',
    'The Code Studio authors wrote every template and pair; nothing is copied from any other dataset.',
    'The file is generated by a deterministic script (templates × slots, seeded PRNG):',
    '',
    '```sh',
    'node scripts/make-sample-dataset.mjs          # writes this folder',
    'node scripts/make-sample-dataset.mjs --check  # regenerates in memory, fails if the files differ',
    '```',
    '',
    'The script checks that descriptions are unique and that every snippet parses as Python 3;',
    '`tests/resources/sample-dataset.test.ts` checks the file again with the studio\'s own importer,',
    'tokenizer and Python syntax checker. Edit the script, never the `.jsonl` by hand.',
    '',
    '## Licence',
    '',
    'MIT, the same as the project (see `LICENSE` at the repository root).',
    '',
    '## Counts',
    '',
    `${pairs.length} pairs, all descriptions distinct; ${multiline} with multi-line code, ${defs} defining a function or class.`,
    '',
    '| category | pairs |',
    '| --- | ---: |',
    ...rows.map(([category, n]) => `| ${category} | ${n} |`),
    '',
  ].join('\n');
}

function main() {
  const check = process.argv.includes('--check');
  const pairs = generate();
  checkShape(pairs);
  checkPython(pairs);
  const outputs = [
    [DATA_FILE, renderData(pairs)],
    [README_FILE, renderReadme(pairs)],
  ];
  if (check) {
    const stale = outputs.filter(([file, text]) => !existsSync(file) || readFileSync(file, 'utf8') !== text);
    if (stale.length > 0) {
      console.error(`out of date: ${stale.map(([f]) => f).join(', ')}; run: node scripts/make-sample-dataset.mjs`);
      process.exit(1);
    }
    console.log(`ok: ${pairs.length} pairs, files match the generator`);
    return;
  }
  mkdirSync(OUT_DIR, { recursive: true });
  for (const [file, text] of outputs) writeFileSync(file, text);
  console.log(`wrote ${pairs.length} pairs to ${DATA_FILE}`);
}

try {
  main();
} catch (error) {
  console.error(`make-sample-dataset: ${error.message}`);
  process.exit(1);
}
