// The refusals every reader of a dataset file shares, with a message that says what is wrong: a
// missing path, a directory, binary or compressed data, UTF-16, invalid UTF-8 (located by line and
// byte offset), a file with nothing in it. Files are only ever read in a stream (read-text-chunks.ts)
// or by their first bytes (preview-dataset-file.ts), never whole, so no format has a size limit.

import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

export type DatasetFileProblem = 'not-found' | 'is-directory' | 'not-a-file' | 'binary' | 'not-utf8' | 'unreadable' | 'no-pairs';

export class DatasetFileError extends Error {
  override name = 'DatasetFileError';
  constructor(
    readonly problem: DatasetFileProblem,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const MAGIC: ReadonlyArray<[number[], string]> = [
  [[0x1f, 0x8b], 'gzip-compressed'],
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive'],
  [[0x42, 0x5a, 0x68], 'bzip2-compressed'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'xz-compressed'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed'],
  [[0x50, 0x41, 0x52, 0x31], 'a Parquet file'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
];

/** The path names a regular file (not missing, not a directory); its stat. */
export async function statDatasetFile(path: string): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new DatasetFileError('not-found', path, `dataset file not found: ${path}`);
    throw new DatasetFileError('unreadable', path, `cannot read ${path}: ${(error as Error).message}`);
  }
  if (info.isDirectory()) {
    throw new DatasetFileError('is-directory', path, `${path} is a directory; give the path of a dataset file inside it`);
  }
  if (!info.isFile()) throw new DatasetFileError('not-a-file', path, `${path} is not a regular file`);
  return info;
}

/** How much of a file's start is searched for a NUL byte (binary data). */
export const LEADING_BYTES_CHECKED = 64 * 1024;

/**
 * Refuses binary, compressed and UTF-16 data by the file's first bytes (give at least the first
 * LEADING_BYTES_CHECKED bytes, or the whole file when it is shorter).
 */
export function checkLeadingBytes(bytes: Uint8Array, path: string): void {
  for (const [magic, what] of MAGIC) {
    if (magic.every((b, i) => bytes[i] === b)) {
      throw new DatasetFileError('binary', path, `${path} is ${what}, not text; extract it first (expected CSV, JSON, JSON lines or '#'-description text)`);
    }
  }
  const nul = bytes.subarray(0, LEADING_BYTES_CHECKED).indexOf(0);
  if (nul !== -1) {
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    throw new DatasetFileError(
      'binary',
      path,
      utf16
        ? `${path} is UTF-16 text; save it as UTF-8`
        : `${path} looks binary (a NUL byte at offset ${nul}); expected UTF-8 text (CSV, JSON, JSON lines or '#'-description text)`,
    );
  }
}

/** A file with nothing but blanks in it. */
export function emptyDatasetError(path: string): DatasetFileError {
  return new DatasetFileError('no-pairs', path, `${path} is empty: no English→Python pairs found`);
}

/** `line` is 1-based; `offset` counts bytes from the file's start. */
export function notUtf8Error(path: string, line: number, offset: number): DatasetFileError {
  return new DatasetFileError('not-utf8', path, `${path} is not valid UTF-8 (first bad byte at line ${line}, byte offset ${offset}); save it as UTF-8`);
}

/** Offset and 1-based line of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): { offset: number; line: number } {
  const strict = new TextDecoder('utf-8', { fatal: true });
  const valid = (sequence: Uint8Array) => {
    try {
      strict.decode(sequence); // rejects overlong forms and surrogates, which the shape check lets through
      return true;
    } catch {
      return false;
    }
  };
  let line = 1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b === 0x0a) line++;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return { offset: i, line };
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return { offset: i, line };
    if (length > 1 && !valid(bytes.subarray(i, i + length))) return { offset: i, line };
    i += length;
  }
  return { offset: bytes.length, line };
}
