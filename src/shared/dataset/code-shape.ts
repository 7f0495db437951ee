// The canonical "shape" of a Python snippet, for finding code that differs only in names, literals
// and layout: variables renamed, quotes swapped, code re-wrapped or re-indented. Strings become STR,
// numbers NUM, comments and blank lines vanish, and names a user could rename become ID0, ID1, … by
// first occurrence. Not a parser or an equivalence check: `a + b` and `b + a` stay different.
// Built on the project's tolerant tokenizer: the whole shape costs ~6 µs per CoNaLa-sized snippet,
// 3–4 s of the ~25 s that grouping 600,000 pairs takes, so no dedicated scanner is needed.

import { tokenizePythonTolerant, type PyToken } from '../tokenizer/python-tokenizer';
import { expandFormattedStrings, FSTRING_CLOSE, FSTRING_OPEN } from './code-shape-fstrings';
import { isCallee, nameRoles } from './code-shape-roles';

export interface CodeShape {
  /** The canonical tokens joined by spaces: equal keys mean equal shapes. */
  key: string;
  /** Tokens in the key, layout tokens (NEWLINE, INDENT, DEDENT) not counted. */
  tokenCount: number;
  /** Tokens that carry meaning of their own: kept names and operators other than brackets and commas. */
  anchorCount: number;
  /** The string and number literals in order, quotes and prefixes dropped: equal when only names and layout differ. */
  literals: string;
}

const LAYOUT: Partial<Record<PyToken['type'], string>> = { NEWLINE: '⏎', INDENT: '→', DEDENT: '←' };
const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.', ';', FSTRING_OPEN, FSTRING_CLOSE]);
const STRING_OPENING = /^[A-Za-z]{0,2}('''|"""|'|")/;
const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);

export function codeShape(code: string): CodeShape {
  const tokens = expandFormattedStrings(tokenizePythonTolerant(code).tokens.filter((t) => t.type !== 'COMMENT' && t.type !== 'NL' && t.type !== 'ENDMARKER'));
  const roles = nameRoles(tokens);
  const placeholders = new Map<string, string>();
  const brackets: OpenBracket[] = [];
  const out: string[] = [];
  const literals: string[] = [];
  let tokenCount = 0;
  let anchorCount = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const layout = LAYOUT[t.type];
    if (layout) {
      out.push(layout);
      continue;
    }
    if (t.type === 'OP') {
      if (OPENERS.has(t.text)) brackets.push({ text: t.text, isCall: i > 0 && isCallee(tokens[i - 1]), commas: 0 });
      else if (CLOSERS.has(t.text)) brackets.pop();
      else if (t.text === ',' && brackets.length > 0) {
        const open = brackets[brackets.length - 1];
        if (isRedundantTrailingComma(open, tokens[i + 1])) continue;
        open.commas++;
      }
    }
    let text: string;
    if (t.type === 'NAME' && roles[i] === 'renamable') {
      text = placeholders.get(t.text) ?? `ID${placeholders.size}`;
      placeholders.set(t.text, text);
    } else if (t.type === 'NUMBER') {
      text = 'NUM';
      literals.push(t.text);
    } else if (t.type === 'STRING' || (t.type === 'ERRORTOKEN' && /^[A-Za-z]{0,2}['"]/.test(t.text))) {
      text = 'STR';
      literals.push(stringBody(t.text));
    } else {
      text = t.text;
      if (t.type === 'NAME' || (t.type === 'OP' && !PUNCTUATION.has(t.text))) anchorCount++;
    }
    out.push(text);
    tokenCount++;
  }
  while (out.length > 0 && (out[out.length - 1] === LAYOUT.NEWLINE || out[out.length - 1] === LAYOUT.DEDENT)) out.pop();
  return { key: out.join(' '), tokenCount, anchorCount, literals: literals.join('\u0000') };
}

/** `rb'x'`, `"x"` and `"""x"""` → `x`: quotes and prefixes are layout. */
function stringBody(literal: string): string {
  const open = STRING_OPENING.exec(literal);
  if (!open) return literal;
  const body = literal.slice(open[0].length);
  return body.endsWith(open[1]) ? body.slice(0, body.length - open[1].length) : body;
}

interface OpenBracket {
  text: string;
  isCall: boolean;
  commas: number;
}

/**
 * Formatters add a comma before a closing bracket when they explode a call over several lines
 * (`f(a, b,)`); it changes nothing there, nor in `[a,]` or `{a,}`. It does in `(a,)`, a tuple.
 */
function isRedundantTrailingComma(open: OpenBracket, next: PyToken | undefined): boolean {
  if (next?.type !== 'OP' || !CLOSERS.has(next.text)) return false;
  return open.text !== '(' || open.isCall || open.commas > 0;
}
