// Format detection from extension and content, and importText's dispatch.
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/shared/dataset/detect-format';
import { importText } from '../../../src/shared/dataset/import-text';

const conalaArray = '[{"intent": "a", "rewritten_intent": "b", "snippet": "c", "question_id": 1}]';
const minedLine = '{"question_id": 1, "intent": "a", "snippet": "c", "prob": 0.5}';
const genericLine = '{"description": "a", "code": "c"}';

describe('detectFormat', () => {
  it.each([
    ['data.csv', 'intent,snippet\na,b', 'csv'],
    ['data.tsv', 'intent\tsnippet\na\tb', 'csv'],
    ['train.json', conalaArray, 'conala-json'],
    ['mined.jsonl', minedLine, 'conala-jsonl'],
    ['pairs.jsonl', genericLine, 'jsonl'],
    ['pairs.json', `${genericLine}\n${genericLine}`, 'jsonl'],
    ['english_python_data.txt', '# write a program\nx = 1', 'seed-text'],
    ['noext', conalaArray, 'conala-json'],
    ['noext', minedLine, 'conala-jsonl'],
    ['noext', '# write a program\nx = 1', 'seed-text'],
    ['noext', 'intent,snippet\na,b', 'csv'],
    ['data.txt', '\ufeff\n\n# write a program\nx = 1', 'seed-text'],
  ])('%s → %s', (name, text, format) => {
    expect(detectFormat(text, name).format).toBe(format);
  });

  it('gives a reason', () => {
    expect(detectFormat('a,b', 'x.csv').reason).toBe('.csv extension');
  });
});

describe('importText', () => {
  it('dispatches on the detected format and records how it chose', () => {
    const result = importText(minedLine, 'mined.jsonl');
    expect(result.report.format).toBe('conala-jsonl');
    expect(result.report.detection).toMatch(/CoNaLa fields/);
    expect(result.pairs[0]).toMatchObject({ description: 'a', code: 'c' });
  });

  it('obeys an explicit format and field mapping', () => {
    const result = importText('{"q": "x", "a": "y"}', 'data.txt', { format: 'jsonl', fields: { description: 'q', code: 'a' } });
    expect(result.report).toMatchObject({ format: 'jsonl', detection: 'chosen by the caller', accepted: 1 });
  });

  it('passes CSV options through', () => {
    const result = importText('title;body\nx;y\n', 'semi.csv', { delimiter: ';', fields: { description: 'title', code: 'body' } });
    expect(result.pairs.map((p) => [p.description, p.code])).toEqual([['x', 'y']]);
  });
});
