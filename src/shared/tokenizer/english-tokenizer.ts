// Tokenizer for English task descriptions (the model's source side). Words are lower-cased,
// numbers (3, 2.5) are kept whole, punctuation is split off (Python operators such as `==` or
// `**` stay one token), and quoted spans — CoNaLa quotes variable names like 'x' or `df` — keep
// their quote marks as separate tokens and their contents in the ORIGINAL case, split like code,
// so that a quoted name becomes the very token the code side uses.
// Not a subword tokenizer, no stemming, no stop words.

import { matchOperator } from './python-tokenizer';

const WORD_RE = /[\p{L}\p{N}_]+(?:['’]\p{L}+)*/uy;
const CONTENT_WORD_RE = /[\p{L}\p{N}_]+/uy;
const DECIMAL_RE = /\d+(?:\.\d+)?/y;
const WORD_CHAR_RE = /[\p{L}\p{N}_]/u;
const OPENING_CONTEXT_RE = /[\s([{,:;=]/u;
const QUOTE_PAIRS: Record<string, string> = { "'": "'", '"': '"', '`': '`', '‘': '’', '“': '”' };
const ASCII_QUOTE: Record<string, string> = { "'": "'", '"': '"', '`': '`', '‘': "'", '’': "'", '“': '"', '”': '"' };

/**
 * Given a quoted span's raw contents and its opening quote, returns the tokens that stand for the
 * whole span (quotes included), or undefined to tokenize it as usual. Slot placeholders use it.
 */
export type QuotedSpanHook = (content: string, quote: string) => string[] | undefined;

export function tokenizeEnglish(text: string, onQuoted?: QuotedSpanHook): string[] {
  const out: string[] = [];
  const s = typeof text === 'string' ? text.normalize('NFC') : '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/u.test(c)) {
      i++;
      continue;
    }
    const close = QUOTE_PAIRS[c] !== undefined ? quoteEnd(s, i) : -1;
    const replaced = close > 0 ? onQuoted?.(s.slice(i + 1, close), c) : undefined;
    if (replaced) {
      out.push(...replaced);
      i = close + 1;
      continue;
    }
    if (close > 0) {
      out.push(ASCII_QUOTE[c]);
      out.push(...tokenizeQuoted(s.slice(i + 1, close)));
      out.push(ASCII_QUOTE[s[close]]);
      i = close + 1;
      continue;
    }
    if (/\d/.test(c)) {
      DECIMAL_RE.lastIndex = i;
      const m = DECIMAL_RE.exec(s);
      WORD_RE.lastIndex = i;
      const w = WORD_RE.exec(s);
      // "2.5" is a number, "2nd" and "utf8" are words.
      if (m && (!w || m[0].length >= w[0].length)) {
        out.push(m[0]);
        i += m[0].length;
        continue;
      }
    }
    WORD_RE.lastIndex = i;
    const w = WORD_RE.exec(s);
    if (w) {
      pushWord(w[0].toLowerCase().replace(/’/g, "'"), out);
      i += w[0].length;
      continue;
    }
    const op = matchOperator(s, i);
    const tok = op || String.fromCodePoint(s.codePointAt(i) ?? 0);
    out.push(ASCII_QUOTE[tok] ?? tok);
    i += tok.length;
  }
  return out;
}

/** Splits "python's" into "python", "'s"; other apostrophes ("don't") stay inside the word. */
function pushWord(word: string, out: string[]): void {
  if (word.length > 2 && word.endsWith("'s")) out.push(word.slice(0, -2), "'s");
  else out.push(word);
}

/**
 * Index of the quote closing the span opened at `i`, or -1 when `s[i]` is not an opening quote.
 * An apostrophe opens a span only at the start of a word and closes only at the end of one,
 * so "don't" and "the students' marks" are not quotes.
 */
function quoteEnd(s: string, i: number): number {
  const closer = QUOTE_PAIRS[s[i]];
  const apostrophe = s[i] === "'" || s[i] === '‘';
  if (apostrophe && i > 0 && !OPENING_CONTEXT_RE.test(s[i - 1])) return -1;
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    if (c === '\n') return -1;
    if (c !== closer && !(closer === "'" && c === '’')) continue;
    if (j === i + 1) return -1;
    if (apostrophe && j + 1 < s.length && WORD_CHAR_RE.test(s[j + 1])) continue;
    return j;
  }
  return -1;
}

/** Contents of a quoted span: case kept, split into identifier / number runs, escapes and single symbols. */
function tokenizeQuoted(content: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < content.length) {
    const c = content[i];
    if (/\s/u.test(c)) {
      i++;
      continue;
    }
    if (c === '\\' && i + 1 < content.length) {
      // An escape such as \n stays one token, as in the code-side string split.
      out.push(content.slice(i, i + 2));
      i += 2;
      continue;
    }
    CONTENT_WORD_RE.lastIndex = i;
    const m = CONTENT_WORD_RE.exec(content);
    if (m) {
      out.push(m[0]);
      i += m[0].length;
      continue;
    }
    const op = matchOperator(content, i);
    const tok = op || String.fromCodePoint(content.codePointAt(i) ?? 0);
    out.push(tok);
    i += tok.length;
  }
  return out;
}
