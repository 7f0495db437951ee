// The expressions inside f-strings, as tokens a code shape can read (code-shape.ts). The tokenizer
// keeps `f'{a.upper()}'` as one STRING token, but in the seed data the program often lives there:
// `print(f'{a.upper()}')` and `print(f'{a.lower()}')` are different programs, and
// `print(f'{x}')` and `print(f'{total}')` the same. A formatted string becomes an opening marker,
// the tokens of each replacement field separated by commas, and a closing marker; its text outside
// the fields is a literal. Conversions (`!r`), format specs (`:>10`) and `=` are layout.

import { tokenizePythonTolerant, type PyToken } from '../tokenizer/python-tokenizer';

export const FSTRING_OPEN = 'f(';
export const FSTRING_CLOSE = ')f';

const FORMATTED_PREFIX = /^([A-Za-z]{0,2})('''|"""|'|")/;

/** The tokens with every f-string (and t-string) replaced by its markers and field tokens. */
export function expandFormattedStrings(tokens: readonly PyToken[]): PyToken[] {
  if (!tokens.some(isFormattedString)) return tokens as PyToken[];
  const out: PyToken[] = [];
  for (const token of tokens) {
    if (!isFormattedString(token)) {
      out.push(token);
      continue;
    }
    const { template, fields } = splitFormattedString(token.text);
    out.push({ ...token, type: 'OP', text: FSTRING_OPEN }, { ...token, text: template });
    for (const field of fields) {
      out.push({ ...token, type: 'OP', text: ',' });
      for (const inner of tokenizePythonTolerant(field).tokens) {
        if (inner.type === 'NAME' || inner.type === 'NUMBER' || inner.type === 'STRING' || inner.type === 'OP') out.push(inner);
      }
    }
    out.push({ ...token, type: 'OP', text: FSTRING_CLOSE });
  }
  return out;
}

function isFormattedString(token: PyToken): boolean {
  if (token.type !== 'STRING') return false;
  const prefix = FORMATTED_PREFIX.exec(token.text)?.[1].toLowerCase() ?? '';
  return prefix.includes('f') || prefix.includes('t');
}

/**
 * Source text of each `{…}` field at the top level of the literal (without conversion, format spec
 * or `=`), and the literal with each field emptied (`f'Sum: {a + b}'` → `'Sum: {}'`).
 */
export function splitFormattedString(literal: string): { template: string; fields: string[] } {
  const open = FORMATTED_PREFIX.exec(literal);
  if (!open) return { template: literal, fields: [] };
  const body = literal.slice(open[0].length, literal.length - open[2].length);
  const fields: string[] = [];
  let template = '';
  for (let i = 0; i < body.length; i++) {
    template += body[i];
    if (body[i] !== '{') continue;
    if (body[i + 1] === '{') {
      template += '{';
      i++;
      continue;
    }
    const end = fieldEnd(body, i + 1);
    fields.push(body.slice(i + 1, end.expressionEnd).replace(/=\s*$/, ''));
    template += '}';
    i = end.fieldEnd;
  }
  return { template: open[2] + template + open[2], fields };
}

/** Where the expression of the field starting at `start` ends (before `!`, `:` or `}` at depth 0) and where the field ends. */
function fieldEnd(body: string, start: number): { expressionEnd: number; fieldEnd: number } {
  let depth = 0;
  let expressionEnd = -1;
  let quote = '';
  for (let i = start; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '}') {
      if (depth === 0) return { expressionEnd: expressionEnd < 0 ? i : expressionEnd, fieldEnd: i };
      depth--;
    } else if (depth === 0 && expressionEnd < 0 && (c === ':' || (c === '!' && body[i + 1] !== '='))) expressionEnd = i;
  }
  return { expressionEnd: expressionEnd < 0 ? body.length : expressionEnd, fieldEnd: body.length };
}
