// Reads a dataset file as a stream of UTF-8 text pieces, never holding more than one read chunk of
// bytes: the refusals of read-dataset-file.ts (missing, directory, binary or compressed, UTF-16,
// invalid UTF-8 located by line and byte offset), a leading BOM dropped. It does not parse anything;
// cutting the text into records is record-blocks.ts's job.

import { createReadStream } from 'node:fs';
import {
  DatasetFileError, LEADING_BYTES_CHECKED, checkLeadingBytes, firstInvalidUtf8, notUtf8Error, statDatasetFile,
} from './read-dataset-file';

export const DEFAULT_CHUNK_BYTES = 1024 * 1024;

export interface TextPiece {
  text: string;
  /** Bytes of the file decoded so far, this piece included. */
  bytesRead: number;
}

export interface TextChunks {
  totalBytes: number;
  /** The first piece holds at least the first LEADING_BYTES_CHECKED bytes (or the whole file), enough to detect the format. */
  pieces: AsyncGenerator<TextPiece>;
}

/** Checks the path now (so a missing file fails before any reading); the bytes are read as `pieces` is iterated. */
export async function openTextChunks(path: string, chunkBytes = DEFAULT_CHUNK_BYTES): Promise<TextChunks> {
  const info = await statDatasetFile(path);
  return { totalBytes: info.size, pieces: decodePieces(path, chunkBytes) };
}

async function* decodePieces(path: string, chunkBytes: number): AsyncGenerator<TextPiece> {
  const decoder = new Utf8ChunkDecoder(path);
  let head: Buffer[] = [];
  let headBytes = 0;
  let bytesRead = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      if (head.length > 0 || bytesRead === chunk.length) {
        // Binary data is judged on the file's start as a whole, however small the chunks.
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes < LEADING_BYTES_CHECKED) continue;
        const start = Buffer.concat(head);
        head = [];
        checkLeadingBytes(start, path);
        yield { text: decoder.decode(start), bytesRead };
        continue;
      }
      yield { text: decoder.decode(chunk), bytesRead };
    }
  } catch (error) {
    if (error instanceof DatasetFileError) throw error;
    throw new DatasetFileError('unreadable', path, `cannot read ${path}: ${(error as Error).message}`);
  }
  if (head.length === 0 && bytesRead > 0) {
    decoder.finish();
    return;
  }
  // A file shorter than the checked start: it is one piece ('' when empty).
  const start = Buffer.concat(head);
  checkLeadingBytes(start, path);
  const text = decoder.decode(start);
  decoder.finish();
  yield { text, bytesRead };
}

/**
 * Fatal UTF-8 decoding chunk by chunk that says where the first bad byte is when it fails. A
 * sequence cut off at a chunk's end is carried into the next chunk by hand instead of by the
 * decoder's stream mode: stream mode returns strings that V8 copies ~100× slower when they are
 * later sliced and joined, which the block cutting does all the time.
 */
class Utf8ChunkDecoder {
  readonly #decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** Bytes before the current chunk, and line breaks (\n) among them. */
  #bytesBefore = 0;
  #newlinesBefore = 0;
  /** The start of a multi-byte sequence that ended the previous chunk. */
  #tail: Uint8Array = new Uint8Array(0);

  constructor(private readonly path: string) {}

  decode(chunk: Uint8Array): string {
    const bytes = this.#tail.length > 0 ? Buffer.concat([this.#tail, chunk]) : chunk;
    const complete = bytes.length - incompleteTailLength(bytes);
    let text: string;
    try {
      text = this.#decoder.decode(bytes.subarray(0, complete));
    } catch {
      const where = firstInvalidUtf8(bytes);
      throw notUtf8Error(this.path, this.#newlinesBefore + where.line, this.#bytesBefore - this.#tail.length + where.offset);
    }
    // Only the file's first character can be a byte-order mark to drop.
    if (this.#bytesBefore === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    this.#bytesBefore += chunk.length;
    this.#newlinesBefore += countNewlines(chunk);
    this.#tail = bytes.slice(complete);
    return text;
  }

  /** The end of the file: a sequence still open there is invalid. */
  finish(): void {
    if (this.#tail.length > 0) throw notUtf8Error(this.path, this.#newlinesBefore + 1, this.#bytesBefore - this.#tail.length);
  }
}

function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) count++;
  return count;
}

/** How many bytes at the end start a multi-byte sequence that the bytes after them would complete. */
function incompleteTailLength(bytes: Uint8Array): number {
  for (let k = 1; k <= Math.min(3, bytes.length); k++) {
    const b = bytes[bytes.length - k];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > k ? k : 0;
  }
  return 0;
}
