// The seed text importer on small files written here: numbering, in-program comments merged into
// the code before them, markers skipped, empty examples reported with their line.
import { describe, expect, it } from 'vitest';
import { importSeedText, SeedTextImporter, segmentSeedText } from '../../../src/shared/dataset/import-seed-text';
import type { ImportResult } from '../../../src/shared/dataset/pair';
import { classifyHeader } from '../../../src/shared/dataset/seed-headers';

const lines = (...l: string[]) => l.join('\n');

describe('importSeedText', () => {
  it('reads examples separated by blank lines and strips numbering', () => {
    const text = lines(
      '#1 write a python program to add two numbers',
      'a = 1',
      'print(a + 2)',
      '',
      '',
      '# 12. Write a function to square a number',
      'def square(x):',
      '    return x * x',
      '',
    );
    const { pairs, report } = importSeedText(text, 'seed.txt');
    expect(pairs.map((p) => p.description)).toEqual(['write a python program to add two numbers', 'Write a function to square a number']);
    expect(pairs[0].code).toBe('a = 1\nprint(a + 2)');
    expect(pairs[1].code).toBe('def square(x):\n    return x * x');
    expect(pairs.map((p) => p.source)).toEqual([
      { file: 'seed.txt', line: 1 },
      { file: 'seed.txt', line: 6 },
    ]);
    expect(report).toMatchObject({ format: 'seed-text', records: 2, accepted: 2, rejected: 0 });
    expect(report.counts.mergedComments).toBe(0);
  });

  it('merges column-0 comments inside a program into its code and counts them', () => {
    const text = lines(
      '# write a program to print the max of a list',
      '',
      '# initializing list',
      'test_list = [1, 4, 2]',
      '  ',
      '# Find the maximum',
      'res = max(test_list)',
      '',
      '# printing result',
      'print(res)',
      '',
      '# Driver code',
      'print(max([3]))',
      '',
      '# write a function to reverse a string',
      'def rev(s):',
      '    return s[::-1]',
    );
    const { pairs, report } = importSeedText(text, 'seed.txt');
    expect(pairs).toHaveLength(2);
    expect(pairs[0].code).toContain('# initializing list\ntest_list = [1, 4, 2]');
    expect(pairs[0].code).toContain('# Find the maximum\nres = max(test_list)');
    expect(pairs[0].code).toContain('# printing result\nprint(res)');
    expect(pairs[0].code).toContain('# Driver code\nprint(max([3]))');
    expect(report.counts.mergedComments).toBe(4);
    expect(pairs[1].description).toBe('write a function to reverse a string');
  });

  it('merges commented-out code and continuation lines that follow a header with no code yet', () => {
    const text = lines(
      '#34 function to convert a list of tuples into dictionary',
      "# Input  : [ ('a',1), ('b', 2)]",
      "# Output : { 'a':1, 'b':2 }",
      'def convert(t):',
      '    return dict(t)',
      '# x = convert([])',
    );
    const { pairs, report } = importSeedText(text, 'f');
    expect(pairs).toHaveLength(1);
    expect(pairs[0].description).toBe('function to convert a list of tuples into dictionary');
    expect(pairs[0].code.split('\n')).toHaveLength(5);
    expect(report.counts.mergedComments).toBe(3);
    expect(report.counts.commentedOutCode).toBe(1);
  });

  it('starts a new example at a plain description after a blank line, but not at a lower-case note under an instruction', () => {
    const text = lines(
      'Reverse a given string', // text before any header
      '# Sort the list in ascending order',
      'l = [3, 1]',
      'l.sort()',
      '',
      '# Concatenation of two List',
      'print([1] + [2])',
      '',
      '#5 write a program to add two matrices',
      'X = [[1]]',
      '',
      '# iterate through rows',
      'for r in X: print(r)',
    );
    const { pairs, report } = importSeedText(text, 'f');
    expect(pairs.map((p) => p.description)).toEqual([
      'Sort the list in ascending order',
      'Concatenation of two List',
      'write a program to add two matrices',
    ]);
    expect(pairs[2].code).toContain('# iterate through rows');
    expect(report.counts.linesBeforeFirstHeader).toBe(1);
    expect(report.issues.some((i) => i.line === 1 && /before the first/.test(i.reason))).toBe(true);
  });

  it('merges a comment that restates the task in fewer words, but not a repeated example', () => {
    const text = lines(
      '#17 Write a python program to check if any string is empty in list and print true or False',
      '',
      "list1 = ['the', '', 'east']",
      '',
      '# Check if any String is empty in list',
      'res = any(len(ele) == 0 for ele in list1)',
      'print(res)',
      '',
      '# Sort the list',
      'l = [2, 1]',
      '',
      '# Sort the list',
      'l = [3, 1]',
    );
    const { pairs } = importSeedText(text, 'f');
    expect(pairs.map((p) => p.description)).toEqual([
      'Write a python program to check if any string is empty in list and print true or False',
      'Sort the list',
      'Sort the list',
    ]);
    expect(pairs[0].code).toContain('# Check if any String is empty in list');
  });

  it('joins a wrapped description line, but treats a lower-case line under a short description as a comment', () => {
    const text = lines(
      '# Python program to find whether a given number is even or odd, print out an appropriate',
      '# message to the user.',
      'n = 4',
      "print('even' if n % 2 == 0 else 'odd')",
      '',
      '#48. Python Program to Illustrate Different Set Operations',
      '# define three sets',
      'A = {1}',
    );
    const { pairs, report } = importSeedText(text, 'f');
    expect(pairs.map((p) => p.description)).toEqual([
      'Python program to find whether a given number is even or odd, print out an appropriate message to the user.',
      'Python Program to Illustrate Different Set Operations',
    ]);
    expect(pairs[0].code.startsWith('n = 4')).toBe(true);
    expect(pairs[1].code).toBe('# define three sets\nA = {1}');
    expect(report.counts.joinedDescriptionLines).toBe(1);
    expect(report.counts.mergedComments).toBe(1);
  });

  it('skips number-only, notebook and shebang headers without making empty examples', () => {
    const text = lines(
      '#!/usr/bin/env python',
      '# coding: utf-8',
      '',
      '# In[7]:',
      '',
      '# 1',
      '# write a python function to remove the last element of a list',
      'def pop_last(l):',
      '    return l[:-1]',
      '',
      '# 2',
      '# write a python function to add two numbers',
      'def add(a, b): return a + b',
    );
    const { pairs, report } = importSeedText(text, 'f');
    expect(pairs).toHaveLength(2);
    expect(report.counts.markers).toBe(5);
    expect(report.issues).toEqual([]);
  });

  it('rejects empty examples with a warning at their line', () => {
    const text = lines(
      '# write a python program to print hello',
      '',
      '',
      '# write a python program to explain assert',
      '# x=1',
      '# assert x > 2',
      '',
      '# write a python program to print bye',
      "print('bye')",
    );
    const { pairs, report } = importSeedText(text, 'seed.txt');
    expect(pairs.map((p) => p.description)).toEqual(['write a python program to print bye']);
    expect(report.rejected).toBe(2);
    expect(report.counts.emptyExamples).toBe(2);
    expect(report.issues).toEqual([
      expect.objectContaining({ file: 'seed.txt', line: 1, severity: 'warning', reason: expect.stringContaining('has no code') }),
      expect.objectContaining({ line: 4, severity: 'warning', reason: expect.stringContaining('only comments') }),
    ]);
  });

  it('accepts CRLF line endings and a BOM, and keeps line numbers', () => {
    const text = '\ufeff# write a program\r\nx = 1\r\n\r\n# write another program\r\ny = 2\r\n';
    const { pairs } = importSeedText(text, 'f');
    expect(pairs.map((p) => [p.description, p.code, p.source.line])).toEqual([
      ['write a program', 'x = 1', 1],
      ['write another program', 'y = 2', 4],
    ]);
  });

  it('warns when a file has no header at all', () => {
    const { pairs, report } = importSeedText('x = 1\ny = 2\n', 'f');
    expect(pairs).toEqual([]);
    expect(report.issues.some((i) => /no line starts with '#'/.test(i.reason))).toBe(true);
  });

  it('gives the same ids for the same content regardless of numbering', () => {
    const a = importSeedText('#1 write a program\nx = 1\n', 'a').pairs[0];
    const b = importSeedText('# 7. write a program\nx  =  1\n', 'b').pairs[0];
    expect(a.id).toBe(b.id);
  });

  it('explains every header decision', () => {
    const seg = segmentSeedText(lines('# write a program', 'x = 1', '# printing result', 'print(x)'));
    expect(seg.headers.map((h) => [h.line, h.action])).toEqual([
      [1, 'start'],
      [3, 'merge'],
    ]);
    expect(seg.headers[1].why).toMatch(/comment phrase|after code/);
  });
});

describe('SeedTextImporter', () => {
  /** The reports and pairs of every call added up, as the streamed import does. */
  function inBlocks(text: string, cuts: number[], options?: { maxExampleChars?: number }): ImportResult {
    const importer = new SeedTextImporter('f', options);
    const all = text.split(/\r\n|\r|\n/);
    const results: ImportResult[] = [];
    let from = 0;
    for (const cut of [...cuts, all.length]) {
      if (cut <= from && cut !== all.length) continue;
      results.push(importer.read(all.slice(from, cut).join('\n'), from + 1, cut === all.length));
      from = cut;
    }
    const report = { ...results[0].report, records: 0, accepted: 0, rejected: 0, counts: {} as Record<string, number>, issues: [] as ImportResult['report']['issues'] };
    for (const r of results) {
      report.records += r.report.records;
      report.accepted += r.report.accepted;
      report.rejected += r.report.rejected;
      for (const [k, v] of Object.entries(r.report.counts)) report.counts[k] = (report.counts[k] ?? 0) + v;
      report.issues.push(...r.report.issues);
    }
    return { pairs: results.flatMap((r) => r.pairs), report };
  }

  const tricky = lines(
    'stray text',
    '#!/usr/bin/env python',
    'more stray text', // after a marker, still before the first example
    '# 1',
    '# Python program to find whether a given number is even or odd, print out an appropriate',
    '# message to the user.',
    'n = 4',
    '',
    '# printing result',
    'print(n)',
    '',
    '# Sort the list',
    'l = [2, 1]',
    '  ',
    '# Check the order',
    '',
    '# write a python program to explain assert',
    '# x=1',
    '',
    '#5 write a program to add two matrices',
    'X = [[1]]',
    '',
    '# iterate through rows',
    'for r in X: print(r)',
    '',
  );

  it('gives what importSeedText gives, wherever the lines are cut into blocks', () => {
    const whole = importSeedText(tricky, 'f');
    expect(whole.report.issues.map((i) => i.line)).toEqual([1, 17]);
    expect(whole.report.counts).toMatchObject({ linesBeforeFirstHeader: 2, joinedDescriptionLines: 1, markers: 2 });
    const lineCount = tricky.split('\n').length;
    for (let a = 0; a <= lineCount; a++) {
      for (const b of [a + 1, a + 3, lineCount]) {
        const streamed = inBlocks(tricky, [a, b]);
        expect(streamed.pairs, `cut at ${a}, ${b}`).toEqual(whole.pairs);
        expect(streamed.report, `cut at ${a}, ${b}`).toEqual(whole.report);
      }
    }
    const noHeader = 'x = 1\n\ny = 2\n';
    expect(inBlocks(noHeader, [1, 2])).toEqual(importSeedText(noHeader, 'f'));
  });

  it('rejects an example longer than the limit, located, without holding it, and keeps the rest', () => {
    const text = lines('# write a program to add', 'a + b', '', '# write a long program', ...Array.from({ length: 50 }, (_, i) => `x${i} = ${i}`), '', '# write a program to subtract', 'a - b');
    const { pairs, report } = inBlocks(text, [10, 30], { maxExampleChars: 200 });
    expect(pairs.map((p) => [p.description, p.source.line])).toEqual([['write a program to add', 1], ['write a program to subtract', 56]]);
    expect(report).toMatchObject({ records: 3, accepted: 2, rejected: 1 });
    expect(report.issues).toEqual([
      expect.objectContaining({ line: 4, severity: 'error', reason: 'example "write a long program" (lines 4–55) is 453 characters long, over the limit of 200 for one record; skipped' }),
    ]);
    const skipped = new SeedTextImporter('f');
    const parts = [skipped.read('# write a program\nx = 1', 1), skipped.skippedLine(3, 5e7), skipped.read('\n# write another program\ny = 2', 4, true)];
    expect(parts.flatMap((p) => p.pairs).map((p) => p.description)).toEqual(['write another program']);
    expect(parts.flatMap((p) => p.report.issues).map((i) => [i.line, i.reason])).toEqual([[1, expect.stringMatching(/^example "write a program" \(lines 1–4\) is 50 million characters long/)]]);
  });
});

describe('classifyHeader', () => {
  it.each([
    ['12', 'marker'],
    ['In[63]:', 'marker'],
    ['!/usr/bin/env python', 'marker'],
    ['-------------', 'marker'],
    ['x=1', 'code'],
    ['s=[]', 'code'],
    ['get_word(data="./a.txt")', 'code'],
    ['try:', 'code'],
    ["assert x>y, 'X too small'", 'code'],
    ['print numbers from 1 to 10', 'plain'],
    ['return the largest item 5', 'plain'],
    ['write a python program to add two numbers', 'task'],
    ['31 extract words starting with a vowel', 'task'],
    ['Python program to find the factorial', 'task'],
    ['Define a function which can print a dictionary', 'task'],
    ['printing result', 'comment'],
    ['initializing list', 'comment'],
    ['Driver Code', 'comment'],
    ['function call', 'comment'],
    ['Output : [1, 2]', 'comment'],
    ['Python3 code to demonstrate working of', 'comment'],
    ['Changed num variable to string,', 'comment'],
    ['result is 3x4', 'comment'],
    ['Input a number and print its square', 'plain'],
    ['0 based indexing', 'plain'],
    ['Bubble sort in python', 'plain'],
    ['3x4 matrix', 'plain'],
  ] as const)('%s → %s', (text, kind) => {
    expect(classifyHeader(text)).toBe(kind);
  });
});
