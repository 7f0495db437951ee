// The cleaning pipeline: each step on and off, counted, and every dropped or flagged pair listed
// with where it came from. The syntax check is a stand-in here (the Pyodide one is tested in services).
import { describe, expect, it } from 'vitest';
import { cleanPairs, DEFAULT_CLEAN_OPTIONS, type CleanOptions, type SyntaxCheck } from '../../../src/shared/dataset/clean';
import { pairId } from '../../../src/shared/dataset/normalize';
import type { Pair } from '../../../src/shared/dataset/pair';

let line = 0;
function pair(description: string, code: string): Pair {
  line += 10;
  return { id: pairId(description, code), description, code, source: { file: 'f.txt', line } };
}

const NOTHING: Partial<CleanOptions> = {
  stripNumbering: false,
  expandTabs: false,
  removeComments: false,
  reindent: false,
  dedupe: false,
  syntax: 'off',
  minDescriptionWords: undefined,
};

// Fails exactly where a Python 2 print statement appears: enough to drive the pipeline.
const fakeCheck: SyntaxCheck = (code) => {
  const index = code.split('\n').findIndex((l) => /^\s*print [^(]/.test(l));
  return index === -1 ? { ok: true } : { ok: false, line: index + 1, col: 0, message: 'SyntaxError: Missing parentheses' };
};

describe('cleanPairs', () => {
  it('with every step off, keeps everything as it is', () => {
    const input = [pair('#1 add', 'x = 1  # one'), pair('#1 add', 'x = 1  # one')];
    const { pairs, report } = cleanPairs(input, NOTHING);
    expect(pairs).toEqual(input);
    expect(report).toMatchObject({ input: 2, output: 2, entries: [] });
    expect(report.steps.dedupe.enabled).toBe(false);
  });

  it('strips description numbering and counts it', () => {
    const { pairs, report } = cleanPairs([pair('12. add one', 'x + 1'), pair('add two', 'x + 2')], { ...NOTHING, stripNumbering: true });
    expect(pairs.map((p) => p.description)).toEqual(['add one', 'add two']);
    expect(report.steps.stripNumbering.changed).toBe(1);
  });

  it('removes comments and docstrings, then drops what is left empty', () => {
    const input = [
      pair('f', 'def f():\n    """Doc."""\n    return 1  # one\n'),
      pair('only comments', '# nothing here\n# at all'),
    ];
    const { pairs, report } = cleanPairs(input, { ...NOTHING, removeComments: true });
    expect(pairs).toHaveLength(1);
    expect(pairs[0].code).not.toMatch(/Doc|#/);
    expect(pairs[0].code).toMatch(/return 1/);
    expect(report.steps.removeComments.changed).toBe(2);
    expect(report.steps.emptyCode.dropped).toBe(1);
    expect(report.entries).toEqual([
      expect.objectContaining({ step: 'emptyCode', action: 'dropped', source: input[1].source, id: input[1].id }),
    ]);
  });

  it('expands tabs and re-indents to 4 spaces', () => {
    const input = [pair('loop', 'for i in range(3):\n\tif i:\n\t\tprint(i)'), pair('two', 'if x:\n  y = 1')];
    const tabs = cleanPairs(input, { ...NOTHING, expandTabs: true });
    expect(tabs.pairs[0].code).toBe('for i in range(3):\n        if i:\n                print(i)');
    expect(tabs.report.steps.expandTabs.changed).toBe(1);
    const four = cleanPairs(input, { ...NOTHING, expandTabs: true, reindent: 4 });
    expect(four.pairs.map((p) => p.code)).toEqual(['for i in range(3):\n    if i:\n        print(i)', 'if x:\n    y = 1']);
    expect(four.report.steps.reindent.changed).toBe(2);
  });

  it('gives changed pairs a new id that matches their content, and never mutates the input', () => {
    const input = [pair('two', 'if x:\n  y = 1')];
    const before = structuredClone(input);
    const { pairs } = cleanPairs(input, { ...NOTHING, reindent: 4 });
    expect(input).toEqual(before);
    expect(pairs[0].id).toBe(pairId('two', 'if x:\n    y = 1'));
    expect(pairs[0].id).not.toBe(input[0].id);
  });

  it('drops duplicates after normalisation and points at the first copy', () => {
    const input = [pair('#1 Add one.', 'x = x + 1'), pair('add one', 'x  =  x + 1\n\n'), pair('add one', 'x = x + 2')];
    const { pairs, report } = cleanPairs(input, { ...NOTHING, dedupe: true });
    expect(pairs).toEqual([input[0], input[2]]);
    expect(report.steps.dedupe.dropped).toBe(1);
    expect(report.entries[0]).toMatchObject({ step: 'dedupe', source: input[1].source, reason: `duplicate of f.txt:${input[0].source.line}` });
  });

  it('catches duplicates that differ only in comments or indentation once those steps ran', () => {
    const input = [pair('inc', 'if a:\n  x += 1  # add'), pair('inc', 'if a:\n    x += 1')];
    expect(cleanPairs(input, { ...NOTHING, dedupe: true }).pairs).toHaveLength(2);
    expect(cleanPairs(input, { ...NOTHING, dedupe: true, removeComments: true, reindent: 4 }).pairs).toHaveLength(1);
  });

  it('flags or drops code that does not parse, with the line and message', () => {
    const input = [pair('py2', 'x = 1\nprint x'), pair('py3', 'print(1)')];
    const flagged = cleanPairs(input, { ...NOTHING, syntax: 'flag' }, fakeCheck);
    expect(flagged.pairs).toHaveLength(2);
    expect(flagged.report.steps.syntax).toMatchObject({ enabled: true, flagged: 1, dropped: 0 });
    expect(flagged.report.entries[0]).toMatchObject({ step: 'syntax', action: 'flagged', source: input[0].source });
    expect(flagged.report.entries[0].reason).toBe('does not parse as Python 3: line 2: SyntaxError: Missing parentheses');
    const dropped = cleanPairs(input, { ...NOTHING, syntax: 'drop' }, fakeCheck);
    expect(dropped.pairs.map((p) => p.description)).toEqual(['py3']);
    expect(dropped.report.steps.syntax.dropped).toBe(1);
  });

  it('skips the syntax step when no checker is given', () => {
    const { report } = cleanPairs([pair('py2', 'print x')], { ...NOTHING, syntax: 'drop' });
    expect(report.steps.syntax.enabled).toBe(false);
    expect(report.output).toBe(1);
  });

  it('applies length filters with reasons', () => {
    const input = [
      pair('x', 'a = 1'),
      pair('one two three four five six', 'a = 1'),
      pair('long code', 'a = 1\nb = 2\nc = 3'),
      pair('wide code', `s = '${'z'.repeat(50)}'`),
      pair('many tokens', 'a = b + c + d + e + f'),
      pair('just right', 'a = 1'),
    ];
    const { pairs, report } = cleanPairs(input, {
      ...NOTHING,
      minDescriptionWords: 2,
      maxDescriptionWords: 5,
      maxCodeLines: 2,
      maxCodeChars: 40,
      maxCodeTokens: 8,
    });
    expect(pairs.map((p) => p.description)).toEqual(['just right']);
    expect(report.steps.length.dropped).toBe(5);
    expect(report.entries.map((e) => e.reason)).toEqual([
      'description has 1 word(s), fewer than 2',
      'description has 6 words, more than 5',
      'code has 3 lines, more than 2',
      'code has 56 characters, more than 40',
      'code has 12 tokens, more than 8',
    ]);
  });

  it('flags code the tokenizer cannot read once, and keeps it unchanged', () => {
    const input = [pair('broken', 'x = "unterminated\n\tprint(x)')];
    const { pairs, report } = cleanPairs(input, { ...NOTHING, expandTabs: true, removeComments: true, reindent: 4 });
    expect(pairs[0].code).toBe(input[0].code);
    expect(report.entries).toHaveLength(1);
    expect(report.entries[0]).toMatchObject({ step: 'expandTabs', action: 'flagged' });
    expect(report.entries[0].reason).toMatch(/cannot tokenize/);
  });

  it('has sensible defaults: everything on, syntax flagged, dedupe on', () => {
    expect(DEFAULT_CLEAN_OPTIONS).toMatchObject({ removeComments: true, reindent: 4, dedupe: true, syntax: 'flag' });
    const input = [pair('#1 add one', 'x = x + 1  # inc'), pair('2. add one', 'x = x + 1'), pair('py2', '\tprint x')];
    const { pairs, report } = cleanPairs(input, {}, fakeCheck);
    expect(pairs.map((p) => [p.description, p.code])).toEqual([
      ['add one', 'x = x + 1'],
      ['py2', '\tprint x'.trim()],
    ]);
    expect(report.steps.dedupe.dropped).toBe(1);
    expect(report.steps.syntax.flagged).toBe(1);
  });
});
