// CSV through papaparse: chosen columns, a clear error for missing ones, malformed rows located.
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../../src/shared/dataset/import-csv';

describe('importCsv', () => {
  it('reads intent,snippet by default, with quoted commas and multi-line fields', () => {
    const text = 'intent,snippet\nadd two numbers,"a, b = 1, 2"\nprint a loop,"for i in range(3):\n    print(i)"\n\nlast one,x = 1\n';
    const { pairs, report } = importCsv(text, 'data.csv');
    expect(pairs.map((p) => [p.description, p.code, p.source.record, p.source.line])).toEqual([
      ['add two numbers', 'a, b = 1, 2', 1, 2],
      ['print a loop', 'for i in range(3):\n    print(i)', 2, 3],
      ['last one', 'x = 1', 3, 6],
    ]);
    expect(report).toMatchObject({ format: 'csv', records: 3, accepted: 3, rejected: 0, issues: [] });
  });

  it('names the available columns when the chosen ones are missing', () => {
    const { pairs, report } = importCsv('question,answer\na,b\n', 'qa.csv');
    expect(pairs).toEqual([]);
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({ line: 1, severity: 'error' });
    expect(report.issues[0].reason).toMatch(/'intent', 'snippet' not found; the header has: 'question', 'answer'/);
  });

  it('uses other columns when told, matching header case loosely', () => {
    const { pairs } = importCsv('Question,Answer,Score\nsquare it,x ** 2,3\n', 'qa.csv', { fields: { description: 'question', code: 'answer' } });
    expect(pairs.map((p) => [p.description, p.code])).toEqual([['square it', 'x ** 2']]);
  });

  it('reports an unterminated quote with the line where the row started', () => {
    const text = 'intent,snippet\nok,x = 1\nbroken,"print(1)\nnext,y = 2\n';
    const { pairs, report } = importCsv(text, 'q.csv');
    expect(pairs.map((p) => p.description)).toEqual(['ok']);
    expect(report.rejected).toBe(1);
    expect(report.issues[0]).toMatchObject({ record: 2, line: 3, severity: 'error' });
    expect(report.issues[0].reason).toMatch(/never closed.*line 3/);
  });

  it('rejects rows with too many fields and rows missing the code field', () => {
    const text = 'intent,snippet\nunquoted,print(a, b)\nshort\nfine,z = 3\n';
    const { pairs, report } = importCsv(text, 'f.csv');
    expect(pairs.map((p) => p.description)).toEqual(['fine']);
    expect(report.issues.map((i) => [i.record, i.line, i.severity])).toEqual([
      [1, 2, 'error'],
      [2, 3, 'error'],
    ]);
    expect(report.issues[0].reason).toMatch(/too many fields.*must be quoted/);
    expect(report.issues[1].reason).toMatch(/too few fields/);
  });

  it('warns about empty cells', () => {
    const { report } = importCsv('intent,snippet\n,x = 1\n', 'f.csv');
    expect(report.issues[0]).toMatchObject({ record: 1, line: 2, severity: 'warning' });
    expect(report.issues[0].reason).toMatch(/description 'intent' is empty/);
  });

  it('handles CRLF, a BOM and tab-separated files', () => {
    expect(importCsv('\ufeffintent,snippet\r\na,b\r\nc,d\r\n', 'f.csv').pairs.map((p) => p.code)).toEqual(['b', 'd']);
    expect(importCsv('intent\tsnippet\nsum, then print\tprint(sum(x))\n', 'f.tsv').pairs[0].description).toBe('sum, then print');
  });

  it('says so when there are no data rows', () => {
    expect(importCsv('intent,snippet\n', 'f.csv').report.issues[0].reason).toMatch(/only a header row/);
    expect(importCsv('', 'f.csv').report.issues[0].reason).toMatch(/empty/);
  });
});

describe('importCsv grouping key', () => {
  it("reads a question_id column (any case) as each pair's group, and leaves it out when absent or blank", () => {
    const { pairs } = importCsv('intent,snippet,Question_ID\nsort a list,sorted(l),41067960\nsort a dict,sorted(d), \n', 'g.csv');
    expect(pairs.map((p) => p.group)).toEqual(['41067960', undefined]);
    expect('group' in pairs[1]).toBe(false);
    expect(importCsv('intent,snippet\na,b\n', 'plain.csv').pairs[0]).not.toHaveProperty('group');
  });

  it('takes another grouping column when told', () => {
    const { pairs } = importCsv('intent,snippet,thread\na,b,t-7\n', 'g.csv', { fields: { group: 'thread' } });
    expect(pairs[0].group).toBe('t-7');
  });

  it('numbers lines and records from a block offset, messages included', () => {
    const block = 'intent,snippet\nfine,x = 1\nshort\n';
    const { pairs, report } = importCsv(block, 'big.csv', { offset: { lines: 1000, records: 500 } });
    expect(pairs[0].source).toEqual({ file: 'big.csv', record: 501, line: 1002 });
    expect(report.issues[0]).toMatchObject({ record: 502, line: 1003 });
    expect(report.issues[0].reason).toMatch(/^row 502: /);
    expect(report.records).toBe(2);
  });

  it('gives the right line to a row after lines holding only "" (which papaparse skips)', () => {
    const { pairs } = importCsv('intent,snippet\n""\n\n"" \nthird,z\n', 'q.csv');
    expect(pairs.map((p) => [p.description, p.source.line])).toEqual([['third', 5]]);
  });
});
