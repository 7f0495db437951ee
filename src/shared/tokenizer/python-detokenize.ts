// The detokenizer: a model's token sequence (python-sequence.ts) back to runnable Python with
// 4-space indentation and conventional spacing (PEP 8 style: `f(x, y=1)`, `a[1:2]`, `x = -y ** 2`).
// Guarantee on well-formed sequences: the output tokenizes back to the same sequence, so it parses
// exactly when the original did. On malformed model output it never throws: stray DEDENTs are
// ignored, an unclosed string is closed, a quote inside a string body is escaped — best effort.

import { matchOperator, PYTHON_KEYWORDS } from './python-tokenizer';
import { DEDENT_TOKEN, INDENT_TOKEN, NEWLINE_TOKEN, STR_END_TOKEN, parseStringOpenToken } from './python-sequence';

type Kind = 'name' | 'keyword' | 'number' | 'string' | 'op' | 'other';

interface Atom {
  text: string;
  kind: Kind;
}

type Item = Atom | { structural: string };

interface Frame {
  open: string;
  /** `(` of a call, a def or a class (keyword arguments and defaults), or `[` of a subscript. */
  callLike: boolean;
  /** Inside a def's parameter list, the current parameter has an annotation (`a: int = 1`). */
  annotated: boolean;
  isDef: boolean;
}

const WORD_RE = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;
const ID_CHAR_RE = /[\p{ID_Continue}]/u;
const ATOM_KEYWORDS = new Set(['True', 'False', 'None']);
const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
const MAYBE_UNARY = new Set(['-', '+', '~', '*', '**', '@']);

export interface DetokenizeOptions {
  /** Spaces per indentation level. Default 4. */
  indent?: number;
}

export function tokensToCode(tokens: readonly string[], options: DetokenizeOptions = {}): string {
  const unit = ' '.repeat(Math.max(1, Math.floor(options.indent ?? 4)));
  const lines: string[] = [];
  let level = 0;
  let line = new LineBuilder();
  const flush = (): void => {
    const text = line.text();
    if (text.length > 0) lines.push(unit.repeat(level) + text);
    line = new LineBuilder();
  };
  for (const item of assembleStrings(tokens)) {
    if ('structural' in item) {
      if (item.structural === NEWLINE_TOKEN) flush();
      else if (item.structural === INDENT_TOKEN) {
        flush();
        level++;
      } else {
        flush();
        level = Math.max(0, level - 1);
      }
    } else line.add(item);
  }
  flush();
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/** Joins split strings (`<STR '>` … `<STR_END>`) into single string atoms and classifies the rest. */
function assembleStrings(tokens: readonly string[]): Item[] {
  const items: Item[] = [];
  let open: { prefix: string; quote: string; body: string[] } | undefined;
  const close = (): void => {
    if (!open) return;
    items.push({ text: open.prefix + open.quote + open.body.join('') + open.quote, kind: 'string' });
    open = undefined;
  };
  for (const raw of tokens) {
    const t = typeof raw === 'string' ? raw : String(raw);
    const opener = parseStringOpenToken(t);
    if (t === STR_END_TOKEN) {
      close();
    } else if (t === NEWLINE_TOKEN || t === INDENT_TOKEN || t === DEDENT_TOKEN) {
      close();
      items.push({ structural: t });
    } else if (opener) {
      close();
      open = { ...opener, body: [] };
    } else if (open) {
      open.body.push(safeBodyToken(t, open.quote, open.body));
    } else if (t.length > 0) {
      items.push({ text: t, kind: classify(t) });
    }
  }
  close();
  return items;
}

/** A body token as it must be written so that the string still ends where the sequence says. */
function safeBodyToken(t: string, quote: string, body: string[]): string {
  if (t === '\\') return '\\\\';
  const q = quote[0];
  if (quote.length === 1) {
    if (t === q) return '\\' + q;
    if (t === '\n' || t === '\r') return t === '\n' ? '\\n' : '\\r';
    return t;
  }
  // Triple-quoted: three quote characters in a row would end the string early.
  if (t === q && body.length >= 2 && body[body.length - 1] === q && body[body.length - 2] === q) return '\\' + q;
  return t;
}

function classify(t: string): Kind {
  if (WORD_RE.test(t)) return PYTHON_KEYWORDS.has(t) ? 'keyword' : 'name';
  if (/^(?:\d|\.\d)/.test(t)) return 'number';
  if (/^[A-Za-z]{0,2}['"]/.test(t)) return 'string';
  if (matchOperator(t) === t) return 'op';
  return 'other';
}

/** Builds one logical line, deciding the space before each token from the previous one and the bracket context. */
class LineBuilder {
  private parts: string[] = [];
  private prev: Atom | undefined;
  private prevUnary = false;
  private prevPrev: Atom | undefined;
  private frames: Frame[] = [];
  /** Bracket depths at which a `lambda` still waits for its `:`. */
  private lambdas: number[] = [];

  text(): string {
    return this.parts.join('').trimEnd();
  }

  add(cur: Atom): void {
    const unary = cur.kind === 'op' && MAYBE_UNARY.has(cur.text) && this.startsOperand();
    const space = this.prev !== undefined && (this.spaceBefore(cur, unary) || this.wouldMerge(cur));
    this.parts.push((space ? ' ' : '') + cur.text);
    this.track(cur);
    this.prevPrev = this.prev;
    this.prev = cur;
    this.prevUnary = unary;
  }

  /** True when the next token starts an operand, so `-`, `*`, `**`, `@` there are prefix operators. */
  private startsOperand(): boolean {
    const p = this.prev;
    if (!p) return true;
    if (p.kind === 'keyword') return !ATOM_KEYWORDS.has(p.text);
    if (p.kind === 'op') return !CLOSERS.has(p.text) && p.text !== '...';
    return false;
  }

  private top(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }

  private spaceBefore(cur: Atom, unary: boolean): boolean {
    const p = this.prev as Atom;
    const c = cur.text;
    const top = this.top();
    if (p.kind === 'op' && OPENERS.has(p.text)) return false;
    if (c === ',' || c === ';' || CLOSERS.has(c)) return false;
    if (c === ':') return p.text === ',';
    if (this.prevUnary) return false;
    if (p.text === '.') return c === 'import';
    if (c === '.') return p.kind === 'keyword' || p.kind === 'number';
    if (c === '(' || c === '[') {
      return !(p.kind === 'name' || p.kind === 'string' || (p.kind === 'keyword' && ATOM_KEYWORDS.has(p.text)) || CLOSERS.has(p.text));
    }
    if (p.text === ':') return !(top?.open === '[' && top.callLike);
    if (c === '=' || p.text === '=') {
      if (this.lambdas.length > 0 && this.lambdas[this.lambdas.length - 1] === this.frames.length) return false;
      if (top?.open === '(' && !top.annotated) return false;
      return true;
    }
    if (unary) return true;
    return true;
  }

  /** Would writing `cur` right after the previous token change how the line tokenizes? */
  private wouldMerge(cur: Atom): boolean {
    const p = (this.prev as Atom).text;
    const c = cur.text;
    const last = p[p.length - 1];
    const first = c[0];
    if (ID_CHAR_RE.test(last) && (ID_CHAR_RE.test(first) || first === '"' || first === "'")) return true;
    if ((this.prev as Atom).kind === 'number' && first === '.') return true;
    if (last === '.' && /\d/.test(first)) return true;
    if ((this.prev as Atom).kind === 'op' && cur.kind === 'op') return matchOperator(p + c) !== p;
    return false;
  }

  private track(cur: Atom): void {
    const c = cur.text;
    if (cur.kind === 'keyword' && c === 'lambda') this.lambdas.push(this.frames.length);
    if (cur.kind !== 'op') return;
    const p = this.prev;
    if (OPENERS.has(c)) {
      const afterCallee =
        p !== undefined && (p.kind === 'name' || p.kind === 'string' || (p.kind === 'op' && CLOSERS.has(p.text)));
      const isDef = c === '(' && p?.kind === 'name' && (this.prevPrev?.text === 'def' || this.prevPrev?.text === 'class');
      this.frames.push({ open: c, callLike: c !== '{' && afterCallee && !this.prevUnary, annotated: false, isDef });
    } else if (CLOSERS.has(c)) {
      this.frames.pop();
      while (this.lambdas.length > 0 && this.lambdas[this.lambdas.length - 1] > this.frames.length) this.lambdas.pop();
    } else if (c === ':') {
      if (this.lambdas.length > 0 && this.lambdas[this.lambdas.length - 1] === this.frames.length) this.lambdas.pop();
      else {
        const top = this.top();
        if (top?.isDef) top.annotated = true;
      }
    } else if (c === ',') {
      const top = this.top();
      if (top) top.annotated = false;
    }
  }
}
