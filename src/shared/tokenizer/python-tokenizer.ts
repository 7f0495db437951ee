// Python 3 tokenizer in plain TypeScript, following CPython's own token rules (Lib/tokenize.py and
// Parser/tokenizer.c): NAME, NUMBER, STRING, OP, COMMENT, NEWLINE / NL, INDENT / DEDENT from an
// indentation stack (tab = next multiple of 8, plus CPython's tab/space consistency check), implicit
// joining inside brackets and explicit `\` joining. F-strings and t-strings are kept as ONE STRING
// token (PEP 701 nesting is scanned, not split into FSTRING_START/MIDDLE/END).
// It is not a parser: `compile()` via src/services/python/syntax-check.ts is the exact syntax check.

export type PyTokenType =
  | 'NAME'
  | 'NUMBER'
  | 'STRING'
  | 'OP'
  | 'COMMENT'
  | 'NEWLINE'
  | 'NL'
  | 'INDENT'
  | 'DEDENT'
  | 'ENDMARKER'
  | 'ERRORTOKEN';

export interface PyToken {
  type: PyTokenType;
  text: string;
  /** 1-based line of the first character. */
  line: number;
  /** 0-based column (UTF-16 code units) of the first character. */
  col: number;
  /** 1-based line and 0-based column just past the last character. */
  endLine: number;
  endCol: number;
  /** Offsets into the source string: [start, end). */
  start: number;
  end: number;
}

export type PythonTokenizeErrorKind =
  | 'unterminated-string'
  | 'indentation'
  | 'tab'
  | 'stray-character'
  | 'line-continuation'
  | 'bracket'
  | 'number';

export class PythonTokenizeError extends Error {
  override name = 'PythonTokenizeError';
  constructor(
    readonly kind: PythonTokenizeErrorKind,
    readonly detail: string,
    /** 1-based line. */
    readonly line: number,
    /** 0-based column. */
    readonly col: number,
  ) {
    super(`${detail} (line ${line}, column ${col + 1})`);
  }
}

export interface TolerantTokenizeResult {
  tokens: PyToken[];
  errors: PythonTokenizeError[];
}

/** Tokenizes Python 3 source; throws PythonTokenizeError where CPython's tokenizer would fail. */
export function tokenizePython(code: string): PyToken[] {
  return new Tokenizer(code, true).run();
}

/**
 * Never throws: errors are collected and the scanner recovers (an unterminated string becomes an
 * ERRORTOKEN to the end of its line, a stray character an ERRORTOKEN, a bad dedent snaps to the
 * enclosing level). Used by the source transforms, which must cope with broken indentation.
 */
export function tokenizePythonTolerant(code: string): TolerantTokenizeResult {
  const t = new Tokenizer(code, false);
  const tokens = t.run();
  return { tokens, errors: t.errors };
}

const STRING_PREFIXES = new Set(['', 'r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf', 't', 'tr', 'rt']);

/** Is `prefix` (any case) a valid string prefix such as `rb` or `F`? */
export function isStringPrefix(prefix: string): boolean {
  return STRING_PREFIXES.has(prefix.toLowerCase());
}

export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue',
  'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in',
  'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

export const PYTHON_OPERATORS: readonly string[] = [
  '**=', '//=', '>>=', '<<=', '...',
  '!=', '%=', '&=', '**', '*=', '+=', '-=', '->', '//', '/=', ':=', '<<', '<=', '==', '>=', '>>',
  '@=', '^=', '|=',
  '!', '%', '&', '(', ')', '*', '+', ',', '-', '.', '/', ':', ';', '<', '=', '>', '@', '[', ']',
  '^', '{', '|', '}', '~',
];
const OPERATOR_SET = new Set(PYTHON_OPERATORS);

/** Longest operator at the start of `s` ('' when none), as CPython's tokenizer would read it. */
export function matchOperator(s: string, at = 0): string {
  for (const len of [3, 2, 1]) {
    const cand = s.slice(at, at + len);
    if (cand.length === len && OPERATOR_SET.has(cand)) return cand;
  }
  return '';
}

const DIGITS = '[0-9](?:_?[0-9])*';
const EXPONENT = `[eE][-+]?${DIGITS}`;
const POINT_FLOAT = `(?:${DIGITS}\\.(?:${DIGITS})?|\\.${DIGITS})(?:${EXPONENT})?`;
const FLOAT = `(?:${POINT_FLOAT}|${DIGITS}${EXPONENT})`;
const IMAG = `(?:${DIGITS}[jJ]|${FLOAT}[jJ])`;
const INT =
  '(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?0)*|[1-9](?:_?[0-9])*)';
const NUMBER_RE = new RegExp(`(?:${IMAG}|${FLOAT}|${INT})`, 'y');
const NAME_RE = /[\p{ID_Start}_][\p{ID_Continue}\u00B7\u0387\u1369-\u1371\u19DA]*/uy;
const NAME_CHAR_RE = /[\p{ID_Continue}]/u;
// Keywords that CPython still accepts glued to a number (`1if x else 2`), with a warning.
const GLUE_KEYWORDS = /^(?:and|else|for|if|in|is|not|or)\b/;

interface Bracket {
  ch: string;
  line: number;
  col: number;
}

class Tokenizer {
  readonly errors: PythonTokenizeError[] = [];
  private readonly tokens: PyToken[] = [];
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly indents = [0];
  private readonly altIndents = [0];
  private readonly brackets: Bracket[] = [];
  private lineHasTokens = false;

  constructor(
    private readonly src: string,
    private readonly strict: boolean,
  ) {}

  run(): PyToken[] {
    const src = this.src;
    const n = src.length;
    let atLineStart = true;
    let continued = false;
    while (this.pos < n) {
      if (atLineStart) {
        atLineStart = false;
        if (this.brackets.length === 0 && !continued && !this.handleIndentation()) break;
        continued = false;
        if (this.pos >= n) break;
      }
      const c = src[this.pos];
      if (c === ' ' || c === '\t' || c === '\f') {
        this.pos++;
        continue;
      }
      if (c === '#') {
        let e = this.pos;
        while (e < n && src[e] !== '\n' && src[e] !== '\r') e++;
        this.push('COMMENT', this.pos, e);
        continue;
      }
      if (c === '\n' || c === '\r') {
        const len = c === '\r' && src[this.pos + 1] === '\n' ? 2 : 1;
        const logical = this.brackets.length === 0 && this.lineHasTokens;
        this.push(logical ? 'NEWLINE' : 'NL', this.pos, this.pos + len);
        if (logical) this.lineHasTokens = false;
        atLineStart = true;
        continue;
      }
      if (c === '\\') {
        const nl = this.newlineLength(this.pos + 1);
        if (nl > 0) {
          this.pos += 1 + nl;
          this.line++;
          this.lineStart = this.pos;
          atLineStart = true;
          continued = true;
          if (this.pos >= n) this.fail('line-continuation', 'unexpected EOF after line continuation character', this.line, 0);
          continue;
        }
        this.fail('line-continuation', 'unexpected character after line continuation character', this.line, this.col(this.pos));
        this.pushError(this.pos, this.pos + 1);
        continue;
      }
      if (this.scanNameOrString()) continue;
      if (this.scanNumber()) continue;
      if (c === '"' || c === "'") {
        this.scanStringToken(this.pos, 0);
        continue;
      }
      const op = matchOperator(src, this.pos);
      if (op) {
        this.trackBracket(op);
        this.push('OP', this.pos, this.pos + op.length);
        continue;
      }
      const cp = src.codePointAt(this.pos) ?? 0;
      const ch = String.fromCodePoint(cp);
      this.fail('stray-character', `invalid character '${ch}' (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`, this.line, this.col(this.pos));
      this.pushError(this.pos, this.pos + ch.length);
    }
    this.finish();
    return this.tokens;
  }

  /** Measures the indentation of a new line and emits INDENT / DEDENT. Returns false at EOF. */
  private handleIndentation(): boolean {
    const src = this.src;
    let p = this.pos;
    let col = 0;
    let alt = 0;
    for (; p < src.length; p++) {
      const c = src[p];
      if (c === ' ') {
        col++;
        alt++;
      } else if (c === '\t') {
        col = (Math.floor(col / 8) + 1) * 8;
        alt++;
      } else if (c === '\f') {
        col = 0;
        alt = 0;
      } else break;
    }
    if (p >= src.length) {
      this.pos = p;
      return false;
    }
    const c = src[p];
    if (c === '#' || c === '\n' || c === '\r' || (c === '\\' && this.newlineLength(p + 1) > 0)) {
      // Blank and comment-only lines do not take part in indentation (CPython does the same).
      this.pos = p;
      return true;
    }
    const top = this.indents[this.indents.length - 1];
    const altTop = this.altIndents[this.altIndents.length - 1];
    if (col === top) {
      if (alt !== altTop) this.tabError(p);
    } else if (col > top) {
      if (alt <= altTop) this.tabError(p);
      this.indents.push(col);
      this.altIndents.push(alt);
      this.push('INDENT', this.pos, p);
    } else {
      while (this.indents.length > 1 && col < this.indents[this.indents.length - 1]) {
        this.indents.pop();
        this.altIndents.pop();
        this.push('DEDENT', p, p);
      }
      if (col !== this.indents[this.indents.length - 1]) {
        this.fail('indentation', 'unindent does not match any outer indentation level', this.line, p - this.lineStart);
      } else if (alt !== this.altIndents[this.altIndents.length - 1]) {
        this.tabError(p);
      }
    }
    this.pos = p;
    return true;
  }

  private tabError(p: number): void {
    this.fail('tab', 'inconsistent use of tabs and spaces in indentation', this.line, p - this.lineStart);
  }

  private scanNameOrString(): boolean {
    NAME_RE.lastIndex = this.pos;
    const m = NAME_RE.exec(this.src);
    if (!m) return false;
    const word = m[0];
    const after = this.src[this.pos + word.length];
    if (word.length <= 2 && (after === '"' || after === "'") && isStringPrefix(word)) {
      this.scanStringToken(this.pos, word.length);
      return true;
    }
    this.push('NAME', this.pos, this.pos + word.length);
    return true;
  }

  private scanNumber(): boolean {
    const src = this.src;
    const c = src[this.pos];
    if (!((c >= '0' && c <= '9') || (c === '.' && src[this.pos + 1] >= '0' && src[this.pos + 1] <= '9'))) return false;
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(src);
    if (!m) return false;
    const end = this.pos + m[0].length;
    const next = src[end] ?? '';
    if (/^0+$/.test(m[0].replace(/_/g, '')) && next >= '0' && next <= '9') {
      this.fail('number', 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers', this.line, this.col(this.pos));
    } else if (next && NAME_CHAR_RE.test(next) && !GLUE_KEYWORDS.test(src.slice(end, end + 6))) {
      this.fail('number', `invalid decimal literal '${src.slice(this.pos, end + 1)}'`, this.line, this.col(this.pos));
    }
    this.push('NUMBER', this.pos, end);
    return true;
  }

  /** Scans a complete string literal starting at `start` whose prefix is `prefixLen` long. */
  private scanStringToken(start: number, prefixLen: number): void {
    const end = this.scanString(start, prefixLen);
    if (end < 0) {
      // Recovery (tolerant mode only): the rest of the physical line is an error token.
      let e = start;
      while (e < this.src.length && this.src[e] !== '\n' && this.src[e] !== '\r') e++;
      this.pushError(start, e);
      return;
    }
    this.push('STRING', start, end);
  }

  /** Returns the end offset of the string literal at `start`, or -1 after a (tolerant) failure. */
  private scanString(start: number, prefixLen: number): number {
    const src = this.src;
    const prefix = src.slice(start, start + prefixLen).toLowerCase();
    const q = src[start + prefixLen];
    const triple = src[start + prefixLen + 1] === q && src[start + prefixLen + 2] === q;
    const bodyStart = start + prefixLen + (triple ? 3 : 1);
    const raw = prefix.includes('r');
    const formatted = prefix.includes('f') || prefix.includes('t');
    const end = this.scanBody(bodyStart, q, triple, raw, formatted);
    if (end < 0) {
      const detectedAt = this.lineOf(src.length);
      const what = triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal';
      const at = this.lineOf(start);
      this.fail('unterminated-string', `${what} (detected at line ${triple ? detectedAt : at.line})`, at.line, at.col);
      return -1;
    }
    return end;
  }

  /** Scans a string body (and, for f/t-strings, nested replacement fields); returns the end offset past the closing quote, or -1. */
  private scanBody(i: number, q: string, triple: boolean, raw: boolean, formatted: boolean): number {
    const src = this.src;
    const n = src.length;
    while (i < n) {
      const c = src[i];
      if (c === '\\') {
        if (!raw && formatted && src[i + 1] === 'N' && src[i + 2] === '{') {
          const close = src.indexOf('}', i + 3);
          if (close < 0) return -1;
          i = close + 1;
          continue;
        }
        i += 1 + Math.max(1, this.newlineLength(i + 1));
        continue;
      }
      if (c === q) {
        if (!triple) return i + 1;
        if (src[i + 1] === q && src[i + 2] === q) return i + 3;
        i++;
        continue;
      }
      if ((c === '\n' || c === '\r') && !triple) return -1;
      if (formatted && c === '{') {
        if (src[i + 1] === '{') {
          i += 2;
          continue;
        }
        i = this.scanReplacementField(i + 1, q, triple);
        if (i < 0) return -1;
        continue;
      }
      i++;
    }
    return -1;
  }

  /** Scans an f-string replacement field starting just after `{`; returns the offset past its `}`, or -1. */
  private scanReplacementField(i: number, q: string, triple: boolean): number {
    const src = this.src;
    const n = src.length;
    let depth = 0;
    while (i < n) {
      const c = src[i];
      if (c === '"' || c === "'") {
        const end = this.scanNestedString(i, 0);
        if (end < 0) return -1;
        i = end;
        continue;
      }
      NAME_RE.lastIndex = i;
      const m = NAME_RE.exec(src);
      if (m) {
        const after = src[i + m[0].length];
        if (m[0].length <= 2 && (after === '"' || after === "'") && isStringPrefix(m[0])) {
          const end = this.scanNestedString(i, m[0].length);
          if (end < 0) return -1;
          i = end;
        } else i += m[0].length;
        continue;
      }
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
      else if (c === '}') {
        if (depth === 0) return i + 1;
        depth--;
      } else if (c === ':' && depth === 0) {
        return this.scanFormatSpec(i + 1, q, triple);
      } else if ((c === '\n' || c === '\r') && !triple && depth === 0) {
        // A newline at depth 0 of a single-quoted f-string ends it unterminated.
        return -1;
      }
      i++;
    }
    return -1;
  }

  private scanFormatSpec(i: number, q: string, triple: boolean): number {
    const src = this.src;
    while (i < src.length) {
      const c = src[i];
      if (c === '}') return i + 1;
      if (c === '{') {
        i = this.scanReplacementField(i + 1, q, triple);
        if (i < 0) return -1;
        continue;
      }
      if (c === q && (!triple || (src[i + 1] === q && src[i + 2] === q))) return -1;
      if ((c === '\n' || c === '\r') && !triple) return -1;
      i++;
    }
    return -1;
  }

  private scanNestedString(start: number, prefixLen: number): number {
    const src = this.src;
    const prefix = src.slice(start, start + prefixLen).toLowerCase();
    const q = src[start + prefixLen];
    const triple = src[start + prefixLen + 1] === q && src[start + prefixLen + 2] === q;
    return this.scanBody(start + prefixLen + (triple ? 3 : 1), q, triple, prefix.includes('r'), prefix.includes('f') || prefix.includes('t'));
  }

  private trackBracket(op: string): void {
    if (op === '(' || op === '[' || op === '{') {
      this.brackets.push({ ch: op, line: this.line, col: this.col(this.pos) });
      return;
    }
    if (op !== ')' && op !== ']' && op !== '}') return;
    const open = this.brackets[this.brackets.length - 1];
    if (!open) {
      this.fail('bracket', `unmatched '${op}'`, this.line, this.col(this.pos));
      return;
    }
    const expected = open.ch === '(' ? ')' : open.ch === '[' ? ']' : '}';
    if (expected !== op) {
      this.fail('bracket', `closing parenthesis '${op}' does not match opening parenthesis '${open.ch}' on line ${open.line}`, this.line, this.col(this.pos));
    }
    this.brackets.pop();
  }

  private finish(): void {
    const open = this.brackets[0];
    if (open) this.fail('bracket', `'${open.ch}' was never closed`, open.line, open.col);
    const end = this.src.length;
    const last = this.src[end - 1];
    const unterminatedLastLine = end > 0 && last !== '\n' && last !== '\r';
    if (this.lineHasTokens) this.push('NEWLINE', end, end);
    else if (unterminatedLastLine) this.push('NL', end, end);
    if (unterminatedLastLine) {
      // CPython reads the source as if it ended with a newline: DEDENT / ENDMARKER sit on the next line.
      this.line++;
      this.lineStart = end;
    }
    while (this.indents.length > 1) {
      this.indents.pop();
      this.altIndents.pop();
      this.push('DEDENT', end, end);
    }
    this.push('ENDMARKER', end, end);
  }

  private push(type: PyTokenType, start: number, end: number): void {
    const text = this.src.slice(start, end);
    const line = this.line;
    const col = start - this.lineStart;
    if (type === 'NAME' || type === 'NUMBER' || type === 'STRING' || type === 'OP' || type === 'ERRORTOKEN') this.lineHasTokens = true;
    // Multi-line tokens (strings, newlines) move the line counter forward.
    for (let i = start; i < end; i++) {
      const c = this.src[i];
      if (c === '\n' || (c === '\r' && this.src[i + 1] !== '\n')) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.tokens.push({ type, text, line, col, endLine: this.line, endCol: end - this.lineStart, start, end });
    this.pos = end;
  }

  private pushError(start: number, end: number): void {
    this.push('ERRORTOKEN', start, end);
  }

  private fail(kind: PythonTokenizeErrorKind, message: string, line: number, col: number): void {
    const err = new PythonTokenizeError(kind, message, line, col);
    if (this.strict) throw err;
    this.errors.push(err);
  }

  private newlineLength(at: number): number {
    const c = this.src[at];
    if (c === '\n') return 1;
    if (c === '\r') return this.src[at + 1] === '\n' ? 2 : 1;
    return 0;
  }

  private col(offset: number): number {
    return offset - this.lineStart;
  }

  private lineOf(offset: number): { line: number; col: number } {
    let line = this.line;
    let ls = this.lineStart;
    for (let i = this.lineStart; i < offset && i < this.src.length; i++) {
      const c = this.src[i];
      if (c === '\n' || (c === '\r' && this.src[i + 1] !== '\n')) {
        line++;
        ls = i + 1;
      }
    }
    return { line, col: offset - ls };
  }
}
