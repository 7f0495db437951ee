// Streaming import: the same pairs and report as the whole-text importers, however the file is cut
// into chunks and blocks; every malformed file or record located; memory bounded on a 150 MB file.
// Files are written by the tests to a temporary directory (never copied from ../shared/data).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetFileError, readDatasetFile } from '../../../src/services/datasets/read-dataset-file';
import { streamDatasetFile, type StreamDatasetOptions, type StreamProgress } from '../../../src/services/datasets/stream-dataset-file';
import { importText } from '../../../src/shared/dataset/import-text';
import type { ImportReport, Pair } from '../../../src/shared/dataset/pair';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stream-dataset-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function streamed(path: string, options: StreamDatasetOptions = {}): Promise<{ pairs: Pair[]; report: ImportReport; batches: number[] }> {
  const stream = streamDatasetFile(path, options);
  const pairs: Pair[] = [];
  const batches: number[] = [];
  for await (const batch of stream.batches) {
    batches.push(batch.length);
    for (const pair of batch) pairs.push(pair);
  }
  return { pairs, report: stream.report(), batches };
}

async function failure(promise: Promise<unknown>): Promise<DatasetFileError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DatasetFileError);
  return error as DatasetFileError;
}

/** Deterministic pseudo-random numbers for the generated files. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const quote = (field: string) => `"${field.replace(/"/g, '""')}"`;

/** ~4,000 rows: quoted multi-line fields, doubled quotes, commas, \n / \r\n / lone \r, blank lines, bad rows, a question_id column. */
function messyCsv(): string {
  let text = 'intent,snippet,question_id\n';
  for (let i = 0; i < 4_000; i++) {
    const description = i % 7 === 0 ? `multi\nline, "quoted" ${i}` : `description ${i}`;
    const code = i % 5 === 0 ? `print("a,b")\r\nx = ${i}` : `x = ${i}`;
    const ending = i % 11 === 0 ? '\r\n' : i % 13 === 0 ? '\r' : '\n';
    text += `${quote(description)},${i % 3 ? quote(code) : code.replace(/\s+/g, ' ')},${i % 4 ? i : ''}${ending}`;
    if (i % 50 === 0) text += '\n';
    if (i === 1_500) text += 'bad,"unterminated" x,1\n';
    if (i === 2_000) text += 'too,many,fields,here\n';
    if (i === 2_500) text += 'only one field\n';
  }
  return text;
}

/** ~4,000 lines: broken JSON, arrays, missing fields, blank lines, \n / \r\n / lone \r. */
function messyJsonl(): string {
  let text = '';
  for (let i = 0; i < 4_000; i++) {
    if (i % 17 === 0) text += '{"description": "broken';
    else if (i % 101 === 0) text += '[1, 2]';
    else if (i % 103 === 0) text += JSON.stringify({ description: `no code ${i}` });
    else text += JSON.stringify({ description: `describe ${i} ✓`, code: `x = ${i}\nprint(x)`, question_id: i % 9 });
    text += i % 11 === 0 ? '\r\n' : i % 13 === 0 ? '\r' : '\n';
    if (i % 40 === 0) text += '\n\n';
  }
  return text;
}

describe('streamDatasetFile gives what the whole-text importers give', () => {
  const chunkSizes = [7, 61, 4_096, undefined];

  it('on CSV with quoted multi-line fields and fields cut by chunk and block boundaries', async () => {
    const text = messyCsv();
    const path = await write('messy.csv', text);
    const whole = importText(text, 'messy.csv');
    expect(whole.report.issues.length).toBeGreaterThan(2);
    expect(whole.pairs.some((p) => p.code.includes('\n'))).toBe(true);
    for (const chunkBytes of chunkSizes) {
      const { pairs, report } = await streamed(path, { chunkBytes });
      expect(pairs, `chunkBytes ${chunkBytes}`).toEqual(whole.pairs);
      expect(report, `chunkBytes ${chunkBytes}`).toEqual(whole.report);
    }
    expect(whole.pairs.filter((p) => p.group !== undefined).length).toBeGreaterThan(1_000);
  });

  it('on JSON lines, generic and CoNaLa-mined', async () => {
    const text = messyJsonl();
    const path = await write('messy.jsonl', text);
    const whole = importText(text, 'messy.jsonl');
    expect(whole.report.rejected).toBeGreaterThan(200);
    for (const chunkBytes of chunkSizes) {
      const { pairs, report } = await streamed(path, { chunkBytes });
      expect(pairs, `chunkBytes ${chunkBytes}`).toEqual(whole.pairs);
      expect(report, `chunkBytes ${chunkBytes}`).toEqual(whole.report);
    }
    const mined = Array.from({ length: 3_000 }, (_, i) => JSON.stringify({ question_id: i, intent: `sort list ${i}`, snippet: `sorted(l${i})`, prob: 0.5 })).join('\n');
    const minedPath = await write('mined.jsonl', mined);
    const { pairs, report } = await streamed(minedPath, { chunkBytes: 100 });
    expect(report).toEqual(importText(mined, 'mined.jsonl').report);
    expect(report.format).toBe('conala-jsonl');
    expect(pairs[2_999]).toMatchObject({ description: 'sort list 2999', group: '2999', source: { line: 3_000, record: 3_000 } });
  });

  it('on CoNaLa JSON and seed text, which are read whole', async () => {
    const conala = JSON.stringify(
      Array.from({ length: 300 }, (_, i) => ({ intent: `intent ${i}`, rewritten_intent: i % 3 ? `rewritten ${i}` : null, snippet: i % 50 ? `f(${i})` : null, question_id: 1_000 + (i >> 1) })),
      null,
      2,
    );
    const seed = Array.from({ length: 400 }, (_, i) => `# ${i + 1}. add ${i} to x\nx = x + ${i}\n`).join('\n');
    for (const [name, text, format] of [['conala-train.json', conala, 'conala-json'], ['seed.txt', seed, 'seed-text']] as const) {
      const path = await write(name, text);
      const whole = importText(text, name);
      const { pairs, report, batches } = await streamed(path, { chunkBytes: 500, batchSize: 128 });
      expect(report.format).toBe(format);
      expect(pairs).toEqual(whole.pairs);
      expect(report).toEqual(whole.report);
      expect(batches.slice(0, -1).every((n) => n === 128)).toBe(true);
    }
    expect((await streamed(await write('c.json', conala))).pairs[0].group).toBe('1000');
  });

  it('on random CSV and JSON-lines garbage, whatever the chunk size', async () => {
    const pieces = ['a', 'b', ',', '"', '\n', '\r', ' ', '\t', 'é', '""', '\r\n', 'xyz', ', "', '",', '€'];
    for (let seed = 1; seed <= 6; seed++) {
      const rand = random(seed);
      const csv = seed % 2 === 0;
      let text = csv ? 'intent,snippet\n' : '';
      while (text.length < 70_000) {
        if (csv || rand() < 0.3) text += pieces[Math.floor(rand() * pieces.length)];
        else text += JSON.stringify({ description: `d${text.length}`, code: 'c' }) + (rand() < 0.5 ? '\n' : '\r\n');
      }
      const name = csv ? 'garbage.csv' : 'garbage.jsonl';
      const path = await write(name, text);
      const whole = importText(text, name);
      const { pairs, report } = await streamed(path, { chunkBytes: 1 + Math.floor(rand() * 3_000), batchSize: 1 + Math.floor(rand() * 100) });
      expect(pairs, `seed ${seed}`).toEqual(whole.pairs);
      expect(report, `seed ${seed}`).toEqual(whole.report);
    }
  });
});

describe('streamDatasetFile on malformed files', () => {
  it('refuses an empty or blank file', async () => {
    for (const [name, content] of [['empty.csv', ''], ['blank.jsonl', '\n  \n\t\n']]) {
      const path = await write(name, content);
      const error = await failure(streamed(path));
      expect(error.problem).toBe('no-pairs');
      expect(error.message).toBe(`${path} is empty: no English→Python pairs found`);
    }
  });

  it('refuses what readDatasetFile refuses, with the same messages', async () => {
    const gz = await write('data.csv.gz', gzipSync(messyCsv()));
    const nul = await write('weights.jsonl', Buffer.concat([Buffer.from('{"description": "a", "code": "b"}\n'), Buffer.from([1, 0, 2])]));
    const utf16 = await write('u16.csv', Buffer.from('\ufeffintent,snippet\na,b\n', 'utf16le'));
    for (const path of [gz, nul, utf16, join(dir, 'missing.csv'), dir]) {
      const expected = await failure(readDatasetFile(path));
      const error = await failure(streamed(path, { chunkBytes: 3 }));
      expect(error.problem).toBe(expected.problem);
      expect(error.message).toBe(expected.message);
    }
    expect((await failure(streamed(gz))).message).toMatch(/gzip-compressed, not text; extract it first/);
    expect((await failure(streamed(nul))).message).toMatch(/NUL byte at offset 35/);
  });

  it('locates bad UTF-8 in the middle of a big file by line and byte offset, across chunk boundaries too', async () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => JSON.stringify({ description: `describe ${i} €`, code: `x = ${i}` }));
    const before = Buffer.from(lines.slice(0, 41_233).join('\n') + '\n{"description": "bad ');
    const bytes = Buffer.concat([before, Buffer.from([0xe2, 0x82, 0x41]), Buffer.from('", "code": "x"}\n' + lines.slice(41_234).join('\n'))]);
    const path = await write('bad-utf8.jsonl', bytes);
    const expected = await failure(readDatasetFile(path));
    expect(expected.message).toMatch(/line 41234, byte offset \d+/);
    // The chunk sizes put the bad sequence inside a chunk, and cut it after its first and second byte.
    for (const chunkBytes of [undefined, 65_536, before.length + 1, before.length + 2]) {
      const error = await failure(streamed(path, { chunkBytes }));
      expect(error.problem).toBe('not-utf8');
      expect(error.message, `chunkBytes ${chunkBytes}`).toBe(expected.message);
    }
    // A multi-byte character cut by a chunk boundary is fine; one cut off by the end of the file is not.
    const euro = await write('euro.jsonl', lines.slice(0, 5_000).join('\n'));
    for (const chunkBytes of [1_000, 1_001, 1_002]) expect((await streamed(euro, { chunkBytes })).pairs).toHaveLength(5_000);
    const cut = await write('cut.jsonl', Buffer.concat([Buffer.from(lines.slice(0, 5_000).join('\n') + '\n'), Buffer.from([0xe2, 0x82])]));
    expect((await failure(streamed(cut, { chunkBytes: 999 }))).message).toBe((await failure(readDatasetFile(cut))).message);
  });

  it('drops a BOM and reads CRLF and lone CR like LF, with the same line numbers', async () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => `${quote(`do ${i}`)},${quote(`f(${i})\ng(${i})`)}`);
    const lf = await streamed(await write('lf.csv', 'intent,snippet\n' + rows.join('\n') + '\n'), { chunkBytes: 50 });
    for (const [name, ending] of [['crlf.csv', '\r\n'], ['cr.csv', '\r']]) {
      const text = '\ufeff' + ['intent,snippet', ...rows].join(ending).replace(/\n(g\()/g, `${ending}$1`) + ending;
      const { pairs, report } = await streamed(await write(name, text), { chunkBytes: 50 });
      expect(report.issues).toEqual([]);
      expect(pairs.map((p) => [p.description, p.code, p.source.line])).toEqual(lf.pairs.map((p) => [p.description, p.code, p.source.line]));
    }
    expect(lf.pairs[2_999].source.line).toBe(2 + 2 * 2_999);
  });

  it('skips a 50 MB JSON line with a located issue and keeps the lines around it', async () => {
    const huge = JSON.stringify({ description: 'x'.repeat(50_000_000), code: 'y' });
    const text = [
      '{"description": "one", "code": "1"}',
      '{"description": "two", "code": "2"}',
      huge,
      '{"description": "four", "code": "4"}',
      '{"description": "broken", "code": ',
      '{"description": "six", "code": "6"}',
    ].join('\n');
    const { pairs, report } = await streamed(await write('huge-line.jsonl', text));
    expect(pairs.map((p) => [p.description, p.source.line, p.source.record])).toEqual([['one', 1, 1], ['two', 2, 2], ['four', 4, 4], ['six', 6, 6]]);
    expect(report).toMatchObject({ records: 6, accepted: 4, rejected: 2 });
    expect(report.issues.map((i) => [i.line, i.record, i.severity])).toEqual([[3, 3, 'error'], [5, 5, 'error']]);
    expect(report.issues[0].reason).toBe('line 3 is 50 million characters long, over the limit of 16 million for one record; skipped');
    expect(report.issues[1].reason).toMatch(/^not valid JSON/);
  });

  it('names the columns a CSV has when the wanted ones are missing, and reads no further', async () => {
    const text = 'question,answer\n' + Array.from({ length: 5_000 }, (_, i) => `q${i},a${i}`).join('\n');
    const { pairs, report } = await streamed(await write('qa.csv', text), { chunkBytes: 100 });
    expect(pairs).toEqual([]);
    expect(report).toEqual(importText(text, 'qa.csv').report);
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({ line: 1, severity: 'error' });
    expect(report.issues[0].reason).toMatch(/column 'intent', 'snippet' not found; the header has: 'question', 'answer'/);
  });

  it('locates a CSV quote that never closes, holding no more than the record limit', async () => {
    const good = Array.from({ length: 2_000 }, (_, i) => `ok ${i},x = ${i}`);
    const small = 'intent,snippet\n' + [...good.slice(0, 9), 'broken,"print(1)', ...good.slice(9)].join('\n') + '\n';
    const smallResult = await streamed(await write('open-quote.csv', small), { chunkBytes: 64 });
    expect(smallResult.report).toEqual(importText(small, 'open-quote.csv').report);
    expect(smallResult.report.issues[0]).toMatchObject({ record: 10, line: 11 });
    expect(smallResult.report.issues[0].reason).toMatch(/a quoted field is never closed, so everything from line 11 to the end \(line 2002\) was read as one row/);

    // Past the record limit the rest of the file is not buffered: it is scanned and reported.
    const { pairs, report } = await streamed(await write('open-quote-big.csv', small), { chunkBytes: 64, maxRecordChars: 1_000 });
    expect(pairs.map((p) => p.source.line)).toEqual(Array.from({ length: 9 }, (_, i) => i + 2));
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({ record: 10, line: 11, severity: 'error' });
    expect(report.issues[0].reason).toMatch(/^row 10: a quoted field opened at line 11 is never closed, so everything from line 11 to the end \(line 2002, /);

    // A row over the limit whose quote does close is skipped alone.
    const long = 'intent,snippet\n' + ['a,1', `long,"${'z\n'.repeat(2_000)}"`, 'b,2', 'c,3'].join('\n');
    const skipped = await streamed(await write('long-row.csv', long), { chunkBytes: 64, maxRecordChars: 1_000 });
    expect(skipped.pairs.map((p) => [p.description, p.source.line, p.source.record])).toEqual([['a', 2, 1], ['b', 2_004, 3], ['c', 2_005, 4]]);
    expect(skipped.report.issues[0]).toMatchObject({ record: 2, line: 3 });
    expect(skipped.report.issues[0].reason).toMatch(/^row 2 is 4,007 characters long \(lines 3–2003\), over the limit of 1,000 for one record; skipped$/);
  });
});

describe('streamDatasetFile numbering, batches and progress', () => {
  it('gives every pair its real line after many blocks', async () => {
    const lines: string[] = [];
    const expected: number[] = [];
    let line = 1;
    for (let i = 0; i < 20_000; i++) {
      const multi = i % 9 === 0;
      expected.push(line + 1); // after the header
      lines.push(`${quote(`row ${i}`)},${quote(multi ? `a = ${i}\nb = ${i}` : `c = ${i}`)}`);
      line += multi ? 2 : 1;
    }
    const csv = await streamed(await write('many.csv', 'intent,snippet\n' + lines.join('\n') + '\n'), { chunkBytes: 1_000 });
    expect(csv.pairs.map((p) => p.source.line)).toEqual(expected);
    expect(csv.pairs.map((p) => p.source.record)).toEqual(expected.map((_, i) => i + 1));

    const jsonl = Array.from({ length: 20_000 }, (_, i) => (i % 100 === 0 ? '' : JSON.stringify({ description: `d${i}`, code: `c${i}` }))).join('\n');
    const { pairs } = await streamed(await write('many.jsonl', jsonl), { chunkBytes: 1_000 });
    expect(pairs.map((p) => p.source.line)).toEqual(Array.from({ length: 20_000 }, (_, i) => i + 1).filter((l) => (l - 1) % 100 !== 0));
  });

  it('hands pairs out in batches of 5,000 and reports progress after each and at the end', async () => {
    const text = Array.from({ length: 12_345 }, (_, i) => JSON.stringify({ description: `d${i}`, code: `c${i}` })).join('\n');
    const path = await write('progress.jsonl', text);
    const calls: StreamProgress[] = [];
    const { batches } = await streamed(path, { onProgress: (p) => calls.push({ ...p }) });
    expect(batches).toEqual([5_000, 5_000, 2_345]);
    expect(calls.map((c) => c.pairs)).toEqual([5_000, 10_000, 12_345, 12_345]);
    const size = (await stat(path)).size;
    expect(calls.at(-1)).toEqual({ bytesRead: size, totalBytes: size, pairs: 12_345 });
    expect(calls.every((c, i) => i === 0 || c.bytesRead >= calls[i - 1].bytesRead)).toBe(true);
  });

  it('says the report is not ready before the batches are read', () => {
    expect(() => streamDatasetFile(join(dir, 'whatever.csv')).report()).toThrow(/ready only once all its batches have been read/);
  });
});

describe('streamDatasetFile memory', () => {
  it('streams a 150 MB JSON-lines file holding far less than the file', { timeout: 60_000 }, async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const path = join(dir, 'big.jsonl');
    const out = createWriteStream(path);
    const filler = 'lorem ipsum dolor sit amet '.repeat(30);
    let bytes = 0;
    let lines = 0;
    while (bytes < 150 * 2 ** 20) {
      const block: string[] = [];
      for (let k = 0; k < 1_000; k++, lines++) block.push(JSON.stringify({ description: `sort list number ${lines} ${filler.slice(0, 200)}`, code: `sorted(l${lines}) # ${filler}` }));
      const text = block.join('\n') + '\n';
      bytes += text.length;
      if (!out.write(text)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');

    gc();
    const baseline = process.memoryUsage().heapUsed;
    let retained = 0;
    let pairs = 0;
    let batches = 0;
    for await (const batch of streamDatasetFile(path).batches) {
      pairs += batch.length;
      if (++batches % 5 === 0) {
        gc();
        retained = Math.max(retained, process.memoryUsage().heapUsed - baseline);
      }
    }
    expect(pairs).toBe(lines);
    expect(retained / 2 ** 20).toBeLessThan(60);
    await rm(path);
  });
});
