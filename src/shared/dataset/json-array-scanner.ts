// Cuts a top-level JSON array into its elements as the text arrives piece by piece, without parsing
// them: it tracks only strings, escapes and nesting, plus the array's own commas and brackets, so an
// element of any shape comes out as its own text, with the line and column where it starts, for
// JSON.parse to read alone. A whole text is one piece. What is not an array, a separator that is
// neither ',' nor ']', text after the closing ']' and an array the text never closes are reported
// as located events; the scanner stops at the first that makes the rest unreadable. An element
// longer than `maxElementChars` is not held: it is scanned to its end and reported by its size.
// Lines count \n, \r\n and lone \r, as everywhere else in the importers.

export type JsonArrayEvent =
  /** The array's `[`. */
  | { kind: 'open'; line: number }
  /** One whole element; `record` is its 1-based index in the array. */
  | { kind: 'element'; record: number; text: string; line: number; column: number }
  /** An element longer than `limit` characters, skipped unread; `endLine` is where it ends. */
  | { kind: 'overlong'; record: number; line: number; endLine: number; chars: number; limit: number }
  /** The text ends inside an element (a string, object or array left open): the array is never closed either. */
  | { kind: 'cut-off'; record: number; line: number; endLine: number; chars: number }
  | ({ line: number; column: number } & JsonArrayProblem);

export type JsonArrayProblem =
  /** The first value is not an array; `found` says what it is (`an object`, `a string`, `'x'`…). Nothing is read. */
  | { kind: 'not-array'; found: string }
  /** Nothing but white space. */
  | { kind: 'no-value' }
  /** Where a separator or `]` (after element number `after`), or an element (after `[` or a ','), was due, something else. */
  | { kind: 'unexpected'; after: number; found: string; expected: "',' or ']'" | 'a record' }
  /** `, ]`: a comma after the last element. The array is read to its end; only JSON's strictness is broken. */
  | { kind: 'trailing-comma'; after: number }
  /** Something other than white space after the closing `]` (which is at `closeLine`). */
  | { kind: 'trailing-text'; found: string; closeLine: number; records: number }
  /** The text ends at array level (after an element or a comma) before the `]`; `openLine` is the `[`, `line` the last one with text. */
  | { kind: 'unclosed'; openLine: number; records: number };

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

const State = {
  /** Before the `[`. */
  Before: 0,
  /** Right after `[`: an element or `]`. */
  First: 1,
  /** After a ',': an element. */
  Next: 2,
  /** After an element: ',' or `]`. */
  After: 3,
  /** Inside an object or array element (depth ≥ 1). */
  Container: 4,
  /** Inside a string element. */
  Text: 5,
  /** Inside a number, true, false or null (or garbage JSON.parse will name). */
  Scalar: 6,
  /** After the closing `]`. */
  Closed: 7,
  /** A fatal problem was reported: nothing more is read. */
  Done: 8,
} as const;
type ScanState = (typeof State)[keyof typeof State];

const isSpace = (c: number) => c === SPACE || c === LF || c === CR || c === TAB;

export class JsonArrayScanner {
  #state: ScanState = State.Before;
  /** Nesting depth inside a container element, and string state inside it. */
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** Offset (in the whole text) of the next character, its line, and where that line starts. */
  #pos = 0;
  #line = 1;
  #lineStart = 0;
  #afterCR = false;
  #openLine = 0;
  #closeLine = 0;
  /** The line of the last character outside white space at array level, or of the last element's end. */
  #lastTextLine = 1;
  #records = 0;
  /** The element being read: where it starts, and whether it is too long to hold. */
  #start = 0;
  #startLine = 0;
  #startColumn = 0;
  #overlong = false;
  // The text not handed out yet: #carry (from #carryStart) then the piece being scanned (from #pieceStart).
  #carry = '';
  #carryStart = 0;
  #piece = '';
  #pieceStart = 0;

  constructor(private readonly maxElementChars = Infinity) {}

  /** Scans the next piece of text; returns what it completed, in order. */
  push(piece: string): JsonArrayEvent[] {
    const events: JsonArrayEvent[] = [];
    if (this.#state === State.Done) return events;
    const base = this.#pos;
    this.#piece = piece;
    this.#pieceStart = base;
    for (let i = 0; i < piece.length; i++) {
      const c = piece.charCodeAt(i);
      switch (this.#state as ScanState) {
        case State.Container:
          if (this.#inString) {
            if (this.#escaped) this.#escaped = false;
            else if (c === BACKSLASH) this.#escaped = true;
            else if (c === QUOTE) this.#inString = false;
          } else if (c === QUOTE) this.#inString = true;
          else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.#depth++;
          else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --this.#depth === 0) this.#endElement(base + i + 1, events);
          break;
        case State.Text:
          if (this.#escaped) this.#escaped = false;
          else if (c === BACKSLASH) this.#escaped = true;
          else if (c === QUOTE) this.#endElement(base + i + 1, events);
          break;
        case State.Scalar:
          if (isSpace(c) || c === COMMA || c === CLOSE_BRACKET) {
            this.#endElement(base + i, events);
            this.#arrayLevel(c, base + i, events);
          }
          break;
        case State.Done:
          break;
        default:
          this.#arrayLevel(c, base + i, events);
      }
      if ((this.#state as ScanState) === State.Done) break;
      if (c === LF) {
        if (!this.#afterCR) this.#line++;
        this.#lineStart = base + i + 1;
        this.#afterCR = false;
      } else if (c === CR) {
        this.#line++;
        this.#lineStart = base + i + 1;
        this.#afterCR = true;
      } else this.#afterCR = false;
    }
    this.#pos = base + piece.length;
    this.#keepElementText();
    return events;
  }

  /** The text ended: an element or an array left open. */
  finish(): JsonArrayEvent[] {
    const events: JsonArrayEvent[] = [];
    const end = this.#pos;
    switch (this.#state) {
      case State.Before:
        events.push({ kind: 'no-value', line: this.#line, column: this.#column(end) });
        break;
      case State.Scalar:
        this.#endElement(end, events);
        events.push(this.#unclosed(end));
        break;
      case State.Container:
      case State.Text:
        events.push({ kind: 'cut-off', record: this.#records, line: this.#startLine, endLine: this.#line, chars: end - this.#start });
        break;
      case State.First:
      case State.Next:
      case State.After:
        events.push(this.#unclosed(end));
        break;
    }
    this.#state = State.Done;
    this.#carry = this.#piece = '';
    return events;
  }

  #unclosed(end: number): JsonArrayEvent {
    const line = this.#lastTextLine;
    return { kind: 'unclosed', openLine: this.#openLine, records: this.#records, line, column: line === this.#line ? this.#column(end) : 1 };
  }

  /** A character outside any element. */
  #arrayLevel(c: number, at: number, events: JsonArrayEvent[]): void {
    if (isSpace(c)) return;
    this.#lastTextLine = this.#line;
    const where = () => ({ line: this.#line, column: this.#column(at) });
    switch (this.#state) {
      case State.Before:
        if (c === OPEN_BRACKET) {
          this.#openLine = this.#line;
          this.#state = State.First;
          events.push({ kind: 'open', line: this.#line });
        } else {
          events.push({ kind: 'not-array', found: describeValueStart(c), ...where() });
          this.#state = State.Done;
        }
        return;
      case State.First:
      case State.Next:
        if (c === CLOSE_BRACKET) {
          if (this.#state === State.Next) events.push({ kind: 'trailing-comma', after: this.#records, ...where() });
          this.#close();
        } else if (c === COMMA) {
          events.push({ kind: 'unexpected', after: this.#records, found: "','", expected: 'a record', ...where() });
          this.#state = State.Done;
        } else this.#startElement(c, at);
        return;
      case State.After:
        if (c === COMMA) this.#state = State.Next;
        else if (c === CLOSE_BRACKET) this.#close();
        else {
          events.push({ kind: 'unexpected', after: this.#records, found: describeChar(c), expected: "',' or ']'", ...where() });
          this.#state = State.Done;
        }
        return;
      case State.Closed:
        events.push({ kind: 'trailing-text', found: describeChar(c), closeLine: this.#closeLine, records: this.#records, ...where() });
        this.#state = State.Done;
        return;
    }
  }

  #close(): void {
    this.#closeLine = this.#line;
    this.#state = State.Closed;
  }

  #startElement(c: number, at: number): void {
    this.#records++;
    this.#start = at;
    this.#startLine = this.#line;
    this.#startColumn = this.#column(at);
    this.#overlong = false;
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      this.#state = State.Container;
      this.#depth = 1;
      this.#inString = this.#escaped = false;
    } else if (c === QUOTE) {
      this.#state = State.Text;
      this.#escaped = false;
    } else this.#state = State.Scalar;
  }

  #endElement(end: number, events: JsonArrayEvent[]): void {
    const chars = end - this.#start;
    this.#lastTextLine = this.#line;
    if (this.#overlong || chars > this.maxElementChars) {
      events.push({ kind: 'overlong', record: this.#records, line: this.#startLine, endLine: this.#line, chars, limit: this.maxElementChars });
    } else {
      events.push({ kind: 'element', record: this.#records, text: this.#slice(this.#start, end), line: this.#startLine, column: this.#startColumn });
    }
    this.#state = State.After;
  }

  /** At the end of a piece: keeps the start of an element still open, unless it is already too long to keep. */
  #keepElementText(): void {
    const open = this.#state === State.Container || this.#state === State.Text || this.#state === State.Scalar;
    if (open && !this.#overlong && this.#pos - this.#start > this.maxElementChars) this.#overlong = true;
    if (!open || this.#overlong) this.#carry = '';
    else if (this.#start >= this.#pieceStart) this.#carry = this.#piece.slice(this.#start - this.#pieceStart);
    else this.#carry += this.#piece; // an element over several pieces
    this.#carryStart = open && !this.#overlong ? this.#start : this.#pos;
    this.#piece = '';
    this.#pieceStart = this.#pos;
  }

  #column(at: number): number {
    return at - this.#lineStart + 1;
  }

  #slice(start: number, end: number): string {
    const fromCarry = start < this.#pieceStart ? this.#carry.slice(start - this.#carryStart, Math.min(end, this.#pieceStart) - this.#carryStart) : '';
    const fromPiece = end > this.#pieceStart ? this.#piece.slice(Math.max(start, this.#pieceStart) - this.#pieceStart, end - this.#pieceStart) : '';
    return fromCarry + fromPiece;
  }
}

function describeValueStart(c: number): string {
  if (c === OPEN_BRACE) return 'an object';
  if (c === QUOTE) return 'a string';
  if (c === 45 || (c >= 48 && c <= 57)) return 'a number';
  if (c === 116 || c === 102) return 'true or false';
  if (c === 110) return 'null';
  return `${describeChar(c)}, which starts no JSON value`;
}

function describeChar(c: number): string {
  if (c < 0x20 || (c >= 0xd800 && c <= 0xdfff) || c === 0x7f) return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return c === 39 ? '"\'"' : `'${String.fromCharCode(c)}'`;
}

/**
 * Offset of the first character that makes `text` invalid JSON (text.length when it ends too soon),
 * or -1 when it is valid. JSON.parse says what is wrong but not always where; this says where.
 * Iterative, so any nesting depth is fine.
 */
export function firstJsonErrorOffset(text: string): number {
  const n = text.length;
  let i = 0;
  const stack: number[] = []; // OPEN_BRACE or OPEN_BRACKET
  const skipSpace = () => {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
  };
  /** Reads a string at i; returns false with i at the bad character. */
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === BACKSLASH) {
        const e = text[i + 1];
        if (e === undefined) {
          i = n;
          return false;
        }
        if (e === 'u') {
          for (let k = 2; k < 6; k++) {
            if (i + k >= n) {
              i = n;
              return false;
            }
            if (!/[0-9A-Fa-f]/.test(text[i + k])) {
              i += k;
              return false;
            }
          }
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e)) {
          i++;
          return false;
        }
        i += 2;
        continue;
      }
      i++;
    }
    return false;
  };
  const digits = (): boolean => {
    const from = i;
    while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    return i > from;
  };
  const number = (): boolean => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (!(text.charCodeAt(i) >= 49 && text.charCodeAt(i) <= 57) || !digits()) return false;
    if (text[i] === '.') {
      i++;
      if (!digits()) return false;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!digits()) return false;
    }
    return true;
  };
  const literal = (word: string): boolean => {
    for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) return false;
    return true;
  };
  /** Reads one value at i, or opens a container; false with i at the error. */
  const value = (): boolean => {
    skipSpace();
    const c = text.charCodeAt(i);
    if (c === QUOTE) return string();
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      stack.push(c);
      i++;
      return true;
    }
    if (c === 45 || (c >= 48 && c <= 57)) return number();
    if (c === 116) return literal('true');
    if (c === 102) return literal('false');
    if (c === 110) return literal('null');
    return false;
  };
  /** In an object, at a key: `"key" :` then a value. */
  const member = (): boolean => {
    skipSpace();
    if (text.charCodeAt(i) !== QUOTE || !string()) return false;
    skipSpace();
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    return value();
  };

  let opened = false; // the container on top of the stack was just opened: it may close at once
  if (!value()) return Math.min(i, n);
  opened = stack.length > 0;
  while (stack.length > 0) {
    skipSpace();
    const top = stack[stack.length - 1];
    const close = top === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
    const c = text.charCodeAt(i);
    if (opened && c === close) {
      stack.pop();
      i++;
      opened = false;
      continue;
    }
    if (!opened) {
      if (c === close) {
        stack.pop();
        i++;
        continue;
      }
      if (c !== COMMA) return Math.min(i, n);
      i++;
    }
    const depth = stack.length;
    if (!(top === OPEN_BRACE ? member() : value())) return Math.min(i, n);
    opened = stack.length > depth;
  }
  skipSpace();
  return i < n ? i : -1;
}
