// CoNaLa's JSON array: rewritten_intent with intent as fallback, located issues, invalid JSON.
import { describe, expect, it } from 'vitest';
import { arrayElementOffsets, importConalaJson } from '../../../src/shared/dataset/import-conala-json';

const records = [
  { intent: 'How to sum a list?', rewritten_intent: "sum the elements of list 'x'", snippet: 'sum(x)', question_id: 1 },
  { intent: 'How to reverse a string?', rewritten_intent: null, snippet: 's[::-1]', question_id: 2 },
  { intent: null, rewritten_intent: null, snippet: 'pass', question_id: 3 },
  { intent: 'no code here', rewritten_intent: 'print x', question_id: 4 },
  'not an object',
];

describe('importConalaJson', () => {
  const text = JSON.stringify(records, null, 2);
  const { pairs, report } = importConalaJson(text, 'conala.json');

  it('uses rewritten_intent and falls back to intent', () => {
    expect(pairs.map((p) => [p.description, p.code])).toEqual([
      ["sum the elements of list 'x'", 'sum(x)'],
      ['How to reverse a string?', 's[::-1]'],
    ]);
    expect(report.counts.descriptionFromFallback).toBe(1);
  });

  it('reports each bad record with its index and line', () => {
    expect(report).toMatchObject({ format: 'conala-json', records: 5, accepted: 2, rejected: 3 });
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(report.issues).toEqual([
      expect.objectContaining({ record: 3, line: lineOf('"question_id": 2') + 2, severity: 'error', reason: expect.stringMatching(/record 3.*'rewritten_intent' or 'intent' is empty/) }),
      expect.objectContaining({ record: 4, severity: 'error', reason: expect.stringMatching(/record 4: no code field 'snippet'/) }),
      expect.objectContaining({ record: 5, line: lineOf('"not an object"'), reason: 'record 5 is not an object' }),
    ]);
    expect(pairs[1].source).toEqual({ file: 'conala.json', record: 2, line: lineOf('"question_id": 1') + 2 });
  });

  it('turns a syntax error into one error at the right line', () => {
    const broken = '[\n  {"intent": "a", "snippet": "b"},\n  {"intent": "c" "snippet": "d"}\n]';
    const result = importConalaJson(broken, 'bad.json');
    expect(result.pairs).toEqual([]);
    expect(result.report.issues).toEqual([expect.objectContaining({ line: 3, severity: 'error', reason: expect.stringMatching(/not valid JSON/) })]);
  });

  it('rejects a top-level object', () => {
    const result = importConalaJson('{"intent": "a"}', 'obj.json');
    expect(result.report.issues[0].reason).toMatch(/expected a JSON array.*found an object/);
  });
});

describe('arrayElementOffsets', () => {
  it('finds element starts, ignoring brackets and commas inside strings and nested values', () => {
    const json = '[ {"a": "x, ] {"}, [1, 2], "s,]", 3 ]';
    expect(arrayElementOffsets(json).map((o) => json[o])).toEqual(['{', '[', '"', '3']);
    expect(arrayElementOffsets('[]')).toEqual([]);
  });
});

describe('importConalaJson grouping key', () => {
  it("makes question_id each pair's group, as text", () => {
    const { pairs } = importConalaJson(JSON.stringify(records), 'conala.json');
    expect(pairs.map((p) => p.group)).toEqual(['1', '2']);
  });
});
