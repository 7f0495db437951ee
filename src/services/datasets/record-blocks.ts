// Cuts text arriving piece by piece into blocks of whole records (record-boundaries.ts says where
// records end), so that a pure importer can parse each block as if it were a small file. Memory
// stays bounded: a block is cut once it holds about `blockChars` characters, and a record longer
// than `maxRecordChars` is never held whole — it is skipped and reported with its line instead.

import { RecordBoundaryScanner, type RecordSyntax } from './record-boundaries';

export type BlockEvent =
  /**
   * Whole records, without the line break after the last one (so joining blocks with one line break
   * each gives back the file). `firstLine` is the file line of its first character. `header` marks
   * the first record on its own, when asked for; `last` the block that ends the file.
   */
  | { kind: 'block'; text: string; firstLine: number; header?: true; last?: true }
  /** A record longer than the limit, skipped. `openQuoteLine`: the file ended inside a quoted field opened there. */
  | { kind: 'overlong'; line: number; endLine: number; chars: number; openQuoteLine?: number };

export interface RecordBlockOptions {
  blockChars: number;
  maxRecordChars: number;
  /** Hand the first record (a CSV header) over alone, before any other block. */
  firstRecordAlone?: boolean;
}

export class RecordBlockCutter {
  readonly #scanner: RecordBoundaryScanner;
  // The text not handed over yet is #carry (from offset #carryStart of the whole text) followed by
  // the piece being scanned (from #pieceStart). Pieces are never joined into one growing string:
  // V8 copies a joined string whole on every later slice, and strings over ~128 KB are slow to make.
  #carry = '';
  #carryStart = 0;
  #piece = '';
  #pieceStart = 0;
  /** Start and first line of the block being gathered. */
  #blockStart = 0;
  #blockLine = 1;
  /** Start and line of the record being read, and the start of the line break before it. */
  #recordStart = 0;
  #recordLine = 1;
  #lastBreakStart = -1;
  /** A lone \r ending a piece: whether it is \r\n is known only with the next piece. */
  #carriedCR = false;
  /** The record being skipped for its length. */
  #skipping: { line: number; start: number } | undefined;
  #firstRecordPending: boolean;
  /** The input so far ends with a line break (then its last line is the one before the scanner's). */
  #endsWithBreak = false;
  #events: BlockEvent[] = [];

  constructor(syntax: RecordSyntax, private readonly options: RecordBlockOptions) {
    this.#scanner = new RecordBoundaryScanner(syntax);
    this.#firstRecordPending = options.firstRecordAlone ?? false;
  }

  /** Adds the next piece of text; returns the blocks (and skipped records) it completed. */
  push(piece: string): BlockEvent[] {
    let text = this.#carriedCR ? '\r' + piece : piece;
    this.#carriedCR = text.endsWith('\r');
    if (this.#carriedCR) text = text.slice(0, -1);
    this.#take(text);
    if (!this.#skipping && this.#end() - this.#recordStart > this.options.maxRecordChars) {
      this.#handOver(this.#lastBreakStart);
      this.#skipping = { line: this.#recordLine, start: this.#recordStart };
    }
    this.#keepUnhandedText();
    return this.#drain();
  }

  /** The input ended: the last block (possibly empty, so line counts stay exact) or the skipped record. */
  finish(): BlockEvent[] {
    if (this.#carriedCR) {
      this.#carriedCR = false;
      this.#take('\r');
    }
    const end = this.#end();
    if (this.#skipping || end - this.#recordStart > this.options.maxRecordChars) {
      const line = this.#skipping?.line ?? this.#recordLine;
      const start = this.#skipping?.start ?? this.#recordStart;
      if (!this.#skipping) this.#handOver(this.#lastBreakStart);
      const openQuoteLine = this.#scanner.openQuoteLine;
      const endLine = this.#endsWithBreak ? this.#scanner.line - 1 : this.#scanner.line;
      this.#events.push({ kind: 'overlong', line, endLine, chars: end - start, ...(openQuoteLine !== undefined ? { openQuoteLine } : {}) });
    } else {
      this.#events.push({ kind: 'block', text: this.#slice(this.#blockStart, end), firstLine: this.#blockLine, last: true, ...(this.#firstRecordPending ? { header: true as const } : {}) });
    }
    this.#carry = this.#piece = '';
    return this.#drain();
  }

  #take(text: string): void {
    const base = this.#end();
    this.#piece = text;
    this.#pieceStart = base;
    if (text) this.#endsWithBreak = text.endsWith('\n') || text.endsWith('\r');
    this.#scanner.scan(text, base, (breakStart, breakEnd) => this.#boundary(breakStart, breakEnd));
  }

  #boundary(breakStart: number, breakEnd: number): void {
    const line = this.#scanner.line;
    if (this.#skipping) {
      this.#events.push({ kind: 'overlong', line: this.#skipping.line, endLine: line - 1, chars: breakStart - this.#skipping.start });
      this.#skipping = undefined;
      this.#restartAt(breakEnd, line);
      return;
    }
    if (breakStart - this.#recordStart > this.options.maxRecordChars) {
      this.#handOver(this.#lastBreakStart);
      this.#events.push({ kind: 'overlong', line: this.#recordLine, endLine: line - 1, chars: breakStart - this.#recordStart });
      this.#restartAt(breakEnd, line);
      return;
    }
    if (this.#firstRecordPending) {
      this.#firstRecordPending = false;
      this.#events.push({ kind: 'block', text: this.#slice(this.#blockStart, breakStart), firstLine: this.#blockLine, header: true });
      this.#restartAt(breakEnd, line);
      return;
    }
    this.#lastBreakStart = breakStart;
    this.#recordStart = breakEnd;
    this.#recordLine = line;
    if (breakEnd - this.#blockStart >= this.options.blockChars) {
      this.#handOver(breakStart);
      this.#restartAt(breakEnd, line);
    }
  }

  /** Emits the gathered records up to `breakStart` (the line break after the last whole record), if any. */
  #handOver(breakStart: number): void {
    if (breakStart < this.#blockStart) return;
    this.#events.push({ kind: 'block', text: this.#slice(this.#blockStart, breakStart), firstLine: this.#blockLine });
  }

  /** A new block (and record) begins at `start`, on `line`. */
  #restartAt(start: number, line: number): void {
    this.#blockStart = this.#recordStart = start;
    this.#blockLine = this.#recordLine = line;
    this.#lastBreakStart = -1;
  }

  /** Moves what is still needed of the piece into the carry: nothing while skipping, else the text from the block's start. */
  #keepUnhandedText(): void {
    const end = this.#end();
    if (this.#skipping) this.#carry = '';
    else if (this.#blockStart >= this.#pieceStart) this.#carry = this.#piece.slice(this.#blockStart - this.#pieceStart);
    else this.#carry = this.#slice(this.#blockStart, this.#pieceStart) + this.#piece; // a long record: joined, not copied
    this.#carryStart = this.#skipping ? end : this.#blockStart;
    this.#piece = '';
    this.#pieceStart = end;
  }

  #drain(): BlockEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  #end(): number {
    return this.#pieceStart + this.#piece.length;
  }

  /** Text between two offsets, from the carry and the piece. */
  #slice(start: number, end: number): string {
    const fromCarry = start < this.#pieceStart
      ? (start === this.#carryStart && end >= this.#pieceStart ? this.#carry : this.#carry.slice(start - this.#carryStart, Math.min(end, this.#pieceStart) - this.#carryStart))
      : '';
    const fromPiece = end > this.#pieceStart ? this.#piece.slice(Math.max(start, this.#pieceStart) - this.#pieceStart, end - this.#pieceStart) : '';
    return fromCarry + fromPiece;
  }
}
