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
