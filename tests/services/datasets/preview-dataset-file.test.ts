// Previewing a dataset file from its first ~256 KB: format, columns or keys, which become
// description / code / group, the first pairs and issues with their lines, and the same refusals
// as a full (streamed) import. Files are written by the tests to a temporary directory.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_BYTES, previewDatasetFile } from '../../../src/services/datasets/preview-dataset-file';
import { DatasetFileError } from '../../../src/services/datasets/read-dataset-file';
import { streamDatasetFile } from '../../../src/services/datasets/stream-dataset-file';

/** A full import of the file, for what it refuses. */
async function importWhole(path: string): Promise<void> {
  for await (const batch of streamDatasetFile(path).batches) void batch;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preview-dataset-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('previewDatasetFile', () => {
  it("reads only a big CSV's start: columns, chosen fields, the first pairs and issues with their lines", async () => {
    const rows = ['intent,snippet,question_id', 'sort a list,sorted(l),7', 'broken,"a, b", extra,1', 'multi,"for i in x:\n    print(i)",8'];
    for (let i = 0; i < 200_000; i++) rows.push(`describe ${i},"x = ${i}",${i}`);
    // Invalid UTF-8 far past the preview's reach: a full read would refuse the file.
    const path = await write('big.csv', Buffer.concat([Buffer.from(rows.join('\n') + '\n'), Buffer.from([0xff, 0xfe, 0x0a])]));
    await expect(importWhole(path)).rejects.toThrow(/not valid UTF-8/);

    const preview = await previewDatasetFile(path);
    expect(preview).toMatchObject({
      file: 'big.csv', format: 'csv', detection: '.csv extension', truncated: true, bytesRead: PREVIEW_BYTES,
      columns: ['intent', 'snippet', 'question_id'], fields: { description: 'intent', code: 'snippet', group: 'question_id' },
    });
    expect(preview.sizeBytes).toBeGreaterThan(4 * PREVIEW_BYTES);
    expect(preview.records).toHaveLength(20);
    expect(preview.records.slice(0, 3).map((p) => [p.description, p.code, p.group, p.source.line])).toEqual([
      ['sort a list', 'sorted(l)', '7', 2],
      ['multi', 'for i in x:\n    print(i)', '8', 4],
      ['describe 0', 'x = 0', '0', 6],
    ]);
    expect(preview.issues).toEqual([expect.objectContaining({ line: 3, record: 2, severity: 'error', reason: expect.stringMatching(/too many fields/) })]);
  });

  it('names the columns a CSV has when the wanted ones are missing', async () => {
    const preview = await previewDatasetFile(await write('qa.tsv', 'Question\tAnswer\nsquare it\tx ** 2\n'));
    expect(preview).toMatchObject({ format: 'csv', columns: ['Question', 'Answer'], fields: { description: null, code: null }, records: [], truncated: false });
    expect(preview.issues[0].reason).toMatch(/'intent', 'snippet' not found; the header has: 'Question', 'Answer'/);
    const chosen = await previewDatasetFile(join(dir, 'qa.tsv'), { fields: { description: 'question', code: 'answer' } });
    expect(chosen.fields).toEqual({ description: 'Question', code: 'Answer' });
    expect(chosen.records.map((p) => [p.description, p.code])).toEqual([['square it', 'x ** 2']]);
  });

  it('lists the keys of JSON lines and which ones it uses, falling back as the import does', async () => {
    const lines = [
      '{"question_id": 1, "intent": "sort a list", "rewritten_intent": "sort list l", "snippet": "sorted(l)"}',
      '{"intent": "cut off", "snippet": ',
      '{"question_id": 2, "intent": "reverse", "snippet": "l[::-1]", "prob": 0.5}',
    ];
    for (let i = 0; i < 20_000; i++) lines.push(JSON.stringify({ question_id: i, intent: `intent ${i}`, snippet: `f(${i})` }));
    const preview = await previewDatasetFile(await write('mined.jsonl', lines.join('\n')));
    expect(preview).toMatchObject({
      format: 'conala-jsonl', truncated: true,
      columns: ['question_id', 'intent', 'rewritten_intent', 'snippet', 'prob'],
      fields: { description: 'rewritten_intent', code: 'snippet', group: 'question_id' },
    });
    expect(preview.records[0]).toMatchObject({ description: 'sort list l', group: '1', source: { line: 1, record: 1 } });
    expect(preview.records[1].source.line).toBe(3);
    expect(preview.issues[0]).toMatchObject({ line: 2, severity: 'error', reason: expect.stringMatching(/not valid JSON/) });
  });

  it("previews the start of a big CoNaLa JSON array, cut after its last whole record", async () => {
    const records = Array.from({ length: 5_000 }, (_, i) => ({ intent: `intent ${i}`, rewritten_intent: `do ${i}`, snippet: `f(${i})`, question_id: 100 + i }));
    const text = JSON.stringify(records, null, 2);
    const preview = await previewDatasetFile(await write('conala-train.json', text));
    expect(preview).toMatchObject({ format: 'conala-json', truncated: true, fields: { description: 'rewritten_intent', code: 'snippet', group: 'question_id' } });
    expect(preview.columns).toEqual(['intent', 'rewritten_intent', 'snippet', 'question_id']);
    expect(preview.issues).toEqual([]);
    expect(preview.records[19]).toMatchObject({ description: 'do 19', code: 'f(19)', group: '119', source: { record: 20, line: text.split('\n').indexOf('  {', 19 * 6) + 1 } });
  });

  it('previews seed text without named fields', async () => {
    const preview = await previewDatasetFile(await write('seed.txt', '# add one\nx + 1\n\n# double it\nx * 2\n'));
    expect(preview).toMatchObject({ format: 'seed-text', columns: [], fields: null, truncated: false });
    expect(preview.records.map((p) => [p.description, p.source.line])).toEqual([['add one', 1], ['double it', 4]]);
  });

  it('refuses unreadable files as a full read does', async () => {
    const paths = [join(dir, 'missing.csv'), await write('data.csv.gz', gzipSync('intent,snippet\na,b\n')), await write('bad.jsonl', Buffer.from([0x7b, 0xc3, 0x28, 0x7d]))];
    for (const path of paths) {
      const expected = await importWhole(path).then(() => undefined, (e: unknown) => e as DatasetFileError);
      const error = await previewDatasetFile(path).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(DatasetFileError);
      expect((error as DatasetFileError).message).toBe(expected!.message);
    }
    await expect(previewDatasetFile(await write('empty.jsonl', ''))).rejects.toThrow(/empty\.jsonl is empty: no English→Python pairs found/);
  });
});
