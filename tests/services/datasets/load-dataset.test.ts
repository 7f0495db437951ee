// loadDataset end to end on files the tests write: read, detect, import, clean (with a stand-in
// syntax check, and once with the real Pyodide checker), plus the CLI text of the reports.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetFileError, formatImportReport, loadDataset } from '../../../src/services/datasets/load-dataset';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'load-dataset-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SEED = [
  '#1 write a python program to add two numbers',
  'a = 1',
  'b = 2',
  '# printing result',
  'print(a + b)',
  '',
  '# 2. write a python function to square a number',
  'def square(x):',
  '\treturn x * x   # the square',
  '',
  '# write a python program to print hello in python 2',
  "print 'hello'",
  '',
  '# write a python program to add two numbers',
  'a = 1',
  'b = 2',
  'print(a + b)',
  '',
  '# write a python program with no code',
  '',
].join('\n');

describe('loadDataset', () => {
  it('imports without cleaning by default', async () => {
    const path = join(dir, 'seed.txt');
    await writeFile(path, '\ufeff' + SEED);
    const { pairs, importReport, cleanReport } = await loadDataset(path);
    expect(cleanReport).toBeUndefined();
    expect(importReport).toMatchObject({ file: 'seed.txt', format: 'seed-text', records: 5, accepted: 4, rejected: 1 });
    expect(importReport.counts.mergedComments).toBe(1);
    expect(pairs[0].code).toBe('a = 1\nb = 2\n# printing result\nprint(a + b)');
    expect(formatImportReport(importReport)).toContain('warning  seed.txt:19  example "write a python program with no code" has no code');
  });

  it('cleans with an injected checker', async () => {
    const path = join(dir, 'seed2.txt');
    await writeFile(path, SEED);
    const check = (code: string) =>
      code.includes("print '") ? { ok: false as const, line: 1, col: 6, message: 'SyntaxError: Missing parentheses' } : { ok: true as const };
    const { pairs, cleanReport } = await loadDataset(path, { clean: { syntax: 'drop' }, checkSyntax: check, displayName: 'my seed' });
    expect(pairs.map((p) => p.description)).toEqual(['write a python program to add two numbers', 'write a python function to square a number']);
    expect(pairs[1].code).toBe('def square(x):\n    return x * x');
    expect(pairs[1].source.file).toBe('my seed');
    expect(cleanReport?.steps.dedupe.dropped).toBe(1);
    expect(cleanReport?.steps.syntax.dropped).toBe(1);
  });

  it('cleans with the real Pyodide syntax check', async () => {
    const path = join(dir, 'pairs.jsonl');
    await writeFile(path, ['{"description": "ok", "code": "x = [1, 2]"}', '{"description": "py2", "code": "print x"}', '{"description": "bad indent", "code": "if x:\\nreturn"}'].join('\n'));
    const { pairs, cleanReport } = await loadDataset(path, { clean: true });
    expect(pairs).toHaveLength(3); // default is to flag, not drop
    const flagged = cleanReport!.entries.filter((e) => e.step === 'syntax');
    expect(flagged.map((e) => [e.description, e.source.line])).toEqual([
      ['py2', 2],
      ['bad indent', 3],
    ]);
    expect(flagged[0].reason).toMatch(/does not parse as Python 3: line 1: SyntaxError/);
  });

  it('passes format and field options to the importer', async () => {
    const path = join(dir, 'qa.csv');
    await writeFile(path, 'question,answer\nsquare x,x ** 2\n');
    await expect(loadDataset(path)).rejects.toThrow(/qa\.csv: no English→Python pairs found in 0 records read as csv — line 1: .*the header has: 'question', 'answer'/);
    const right = await loadDataset(path, { fields: { description: 'question', code: 'answer' } });
    expect(right.pairs.map((p) => p.code)).toEqual(['x ** 2']);
  });

  it('throws DatasetFileError for a missing file', async () => {
    await expect(loadDataset(join(dir, 'nope.csv'))).rejects.toBeInstanceOf(DatasetFileError);
    await expect(loadDataset(join(dir, 'nope.csv'))).rejects.toThrow(/dataset file not found/);
  });
});

describe('files without pairs', () => {
  const write = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  it('an empty or blank file is an error that says so, not "0 records"', async () => {
    for (const [name, text] of [['empty.txt', ''], ['blank.jsonl', '\n  \n'], ['bom.csv', '\ufeff']]) {
      await expect(loadDataset(await write(name, text))).rejects.toThrow(new RegExp(`${name.replace('.', '\\.')} is empty: no English→Python pairs found`));
    }
  });

  it('a file whose every record is rejected names the format and the first problems with their lines', async () => {
    const path = await write('broken.jsonl', '{"description": 1}\n{bad json\n');
    const error = await loadDataset(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetFileError);
    expect((error as DatasetFileError).problem).toBe('no-pairs');
    expect((error as Error).message).toMatch(/broken\.jsonl: no English→Python pairs found in 2 records read as jsonl — line 1: .*; line 2: not valid JSON/);
    await expect(loadDataset(await write('header.csv', 'intent,snippet\n'))).rejects.toThrow(/header\.csv: no English→Python pairs found in 0 records read as csv — line 1: only a header row/);
  });

  it('a file whose pairs are all cleaned away says which step dropped them', async () => {
    const path = await write('unparseable.jsonl', '{"description":"a","code":"def (:"}\n{"description":"b","code":"x = = 2"}\n');
    const checkSyntax = () => ({ ok: false as const, line: 1, col: 1, message: 'invalid syntax' });
    await expect(loadDataset(path, { clean: { syntax: 'drop' }, checkSyntax })).rejects.toThrow(/cleaning kept none of its 2 pairs \(dropped 2 by syntax\)/);
  });
});
