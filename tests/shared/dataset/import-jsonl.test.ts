// JSON lines, generic and CoNaLa-mined: bad lines become errors and the rest is kept.
import { describe, expect, it } from 'vitest';
import { importConalaJsonLines, importJsonLines } from '../../../src/shared/dataset/import-jsonl';

describe('importJsonLines', () => {
  it('reads description/code by default and keeps going past bad lines', () => {
    const text = [
      '{"description": "add one", "code": "x + 1"}',
      '{"description": "broken", "code": ',
      '',
      '[1, 2]',
      '{"description": "no code"}',
      '{"description": "double", "code": "x * 2"}',
    ].join('\n');
    const { pairs, report } = importJsonLines(text, 'data.jsonl');
    expect(pairs.map((p) => [p.description, p.source.line])).toEqual([
      ['add one', 1],
      ['double', 6],
    ]);
    expect(report).toMatchObject({ format: 'jsonl', records: 5, accepted: 2, rejected: 3 });
    expect(report.counts.blankLines).toBe(1);
    expect(report.issues.map((i) => [i.line, i.severity])).toEqual([
      [2, 'error'],
      [4, 'error'],
      [5, 'error'],
    ]);
    expect(report.issues[0].reason).toMatch(/not valid JSON/);
    expect(report.issues[1].reason).toMatch(/expected a JSON object, found an array/);
    expect(report.issues[2].reason).toBe("no code field 'code' (fields present: 'description')");
  });

  it('takes a field mapping, with fallbacks', () => {
    const text = '{"q": "square x", "a": "x ** 2"}\n{"title": "cube x", "a": "x ** 3"}\n';
    const { pairs, report } = importJsonLines(text, 'd.jsonl', { description: ['q', 'title'], code: 'a' });
    expect(pairs.map((p) => p.description)).toEqual(['square x', 'cube x']);
    expect(report.counts['descriptionFrom:title']).toBe(1);
  });
});

describe('importConalaJsonLines', () => {
  it('reads intent/snippet as the mined file has them', () => {
    const text = [
      '{"question_id": 1, "parent_answer_post_id": 2, "intent": "sort a list", "snippet": "sorted(l)", "id": "1_2_0", "prob": 0.9}',
      '{"question_id": 1, "intent": "sort a dict", "snippet": null, "id": "1_2_1", "prob": 0.5}',
      'not json at all',
    ].join('\n');
    const { pairs, report } = importConalaJsonLines(text, 'mined.jsonl');
    expect(pairs.map((p) => [p.description, p.code])).toEqual([['sort a list', 'sorted(l)']]);
    expect(report).toMatchObject({ format: 'conala-jsonl', records: 3, rejected: 2 });
    expect(report.issues.map((i) => i.line)).toEqual([2, 3]);
    expect(report.issues[0].reason).toBe("code 'snippet' is empty");
  });
});

describe('JSON lines at scale', () => {
  it('imports 50,000 synthetic mined lines and locates the few bad ones', () => {
    const lines: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      lines.push(i % 10_000 === 9_999 ? '{"intent": "cut off' : JSON.stringify({ question_id: i, intent: `sort list ${i}`, snippet: `sorted(l${i})`, id: `${i}_0`, prob: 0.5 }));
    }
    const { pairs, report } = importConalaJsonLines(lines.join('\n'), 'mined.jsonl');
    expect(report).toMatchObject({ records: 50_000, accepted: 49_995, rejected: 5 });
    expect(report.issues.map((i) => i.line)).toEqual([10_000, 20_000, 30_000, 40_000, 50_000]);
    expect(new Set(pairs.map((p) => p.id)).size).toBe(49_995);
  });
});

describe('JSON lines grouping key', () => {
  it("keeps question_id (number or text) as the pair's group, and nothing when absent", () => {
    const text = [
      '{"question_id": 41067960, "intent": "sort a list", "snippet": "sorted(l)"}',
      '{"question_id": "q-7", "intent": "sort a dict", "snippet": "sorted(d)"}',
      '{"question_id": null, "intent": "reverse", "snippet": "l[::-1]"}',
      '{"intent": "copy", "snippet": "l[:]"}',
    ].join('\n');
    const { pairs } = importConalaJsonLines(text, 'mined.jsonl');
    expect(pairs.map((p) => p.group)).toEqual(['41067960', 'q-7', undefined, undefined]);
    expect(pairs[3]).not.toHaveProperty('group');
    const generic = importJsonLines('{"description": "a", "code": "b", "question_id": 3}\n', 'd.jsonl');
    expect(generic.pairs[0].group).toBe('3');
    const renamed = importJsonLines('{"description": "a", "code": "b", "topic": "t"}\n', 'd.jsonl', { group: 'topic' });
    expect(renamed.pairs[0].group).toBe('t');
  });

  it('numbers lines and records from a block offset', () => {
    const { pairs, report } = importJsonLines('{"description": "a", "code": "b"}\n\n{"oops"\n', 'd.jsonl', undefined, { lines: 40, records: 30 });
    expect(pairs[0].source).toEqual({ file: 'd.jsonl', line: 41, record: 31 });
    expect(report.issues[0]).toMatchObject({ line: 43, record: 32 });
  });
});
