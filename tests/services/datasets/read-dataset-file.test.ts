// Reading dataset files (in pieces, as every import does): UTF-8 with or without BOM, and a clear
// DatasetFileError for everything that is not a readable text file. Files are written to a
// temporary directory by the tests.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetFileError } from '../../../src/services/datasets/read-dataset-file';
import { openTextChunks } from '../../../src/services/datasets/read-text-chunks';

/** The whole text, read in pieces of `chunkBytes`. */
async function readWhole(path: string, chunkBytes = 5): Promise<string> {
  const { pieces } = await openTextChunks(path, chunkBytes);
  let text = '';
  for await (const piece of pieces) text += piece.text;
  return text;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'read-dataset-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function problemOf(path: string): Promise<DatasetFileError> {
  const error = await readWhole(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetFileError);
  return error as DatasetFileError;
}

describe('reading a dataset file', () => {
  it('reads UTF-8 and drops a BOM', async () => {
    expect(await readWhole(await write('plain.txt', '# héllo\nx = 1\n'))).toBe('# héllo\nx = 1\n');
    expect(await readWhole(await write('bom.csv', '\ufeffintent,snippet\n'))).toBe('intent,snippet\n');
  });

  it('says when the file does not exist', async () => {
    const error = await problemOf(join(dir, 'missing.txt'));
    expect(error.problem).toBe('not-found');
    expect(error.message).toBe(`dataset file not found: ${join(dir, 'missing.txt')}`);
  });

  it('says when the path is a directory', async () => {
    await mkdir(join(dir, 'folder'));
    const error = await problemOf(join(dir, 'folder'));
    expect(error.problem).toBe('is-directory');
    expect(error.message).toMatch(/is a directory/);
  });

  it('refuses binary, compressed and UTF-16 files with a reason', async () => {
    const binary = await problemOf(await write('weights.bin', new Uint8Array([1, 2, 0, 4, 5])));
    expect(binary.problem).toBe('binary');
    expect(binary.message).toMatch(/NUL byte at offset 2/);
    const gz = await problemOf(await write('data.csv.gz', gzipSync('intent,snippet\n')));
    expect(gz.message).toMatch(/gzip-compressed, not text; extract it first/);
    const utf16 = await problemOf(await write('u16.txt', Buffer.from('\ufeff# hi\n', 'utf16le')));
    expect(utf16.message).toMatch(/UTF-16 text; save it as UTF-8/);
  });

  it('locates the first byte that is not UTF-8', async () => {
    const latin1 = Buffer.concat([Buffer.from('# ok\nx = 1\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const error = await problemOf(await write('latin1.txt', latin1));
    expect(error.problem).toBe('not-utf8');
    expect(error.message).toMatch(/line 3, byte offset 16/);
  });
});
