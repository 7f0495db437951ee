// Classifies each physical line of Python source for the indentation transforms: the first line
// of a logical line, a continuation line (inside brackets or after `\`), a comment-only line, a
// blank line, or a line that starts inside a multi-line string (whose text must not change).
// Pure bookkeeping over tokens from python-tokenizer.ts; decides no indentation itself.

import type { PyToken } from './python-tokenizer';

export type LineKind = 'logical' | 'continuation' | 'comment' | 'blank' | 'string';

export interface LineInfo {
  /** 0-based physical line index. */
  index: number;
  kind: LineKind;
  /** The line without its end-of-line characters. */
  text: string;
  /** '\n', '\r\n', '\r' or '' on the last line. */
  eol: string;
  /** Leading spaces, tabs and form feeds. */
  indent: string;
  /** For logical lines: the statement ends with `:` and so opens an indented block. */
  opensBlock: boolean;
  /** Index of the logical line this line belongs to or follows (-1 before the first). */
  owner: number;
  /** Index of the next logical line after this one (-1 when none). */
  nextLogical: number;
}

const SIGNIFICANT = new Set(['NAME', 'NUMBER', 'STRING', 'OP', 'ERRORTOKEN']);

export function classifyLines(code: string, tokens: PyToken[]): LineInfo[] {
  const parts = code.split(/(\r\n|\r|\n)/);
  const raw: { text: string; eol: string }[] = [];
  for (let i = 0; i < parts.length; i += 2) raw.push({ text: parts[i], eol: parts[i + 1] ?? '' });
  if (raw.length > 1 && raw[raw.length - 1].text === '' && raw[raw.length - 1].eol === '') raw.pop();

  const inString = new Set<number>();
  const logicalStart = new Set<number>();
  const opens = new Set<number>();
  const commentMidStatement = new Set<number>();
  const firstTokenType = new Map<number, string>();
  let newStatement = true;
  let stmtLine = -1;
  let lastSignificant: PyToken | undefined;
  for (const t of tokens) {
    const line0 = t.line - 1;
    if ((t.type === 'STRING' || t.type === 'ERRORTOKEN') && t.endLine > t.line) {
      for (let l = t.line; l < t.endLine; l++) inString.add(l);
    }
    if (t.type !== 'INDENT' && t.type !== 'DEDENT' && !firstTokenType.has(line0)) firstTokenType.set(line0, t.type);
    if (SIGNIFICANT.has(t.type)) {
      if (newStatement) {
        logicalStart.add(line0);
        stmtLine = line0;
        newStatement = false;
      }
      lastSignificant = t;
    } else if (t.type === 'COMMENT' && !newStatement) {
      commentMidStatement.add(line0);
    } else if (t.type === 'NEWLINE') {
      if (lastSignificant?.type === 'OP' && lastSignificant.text === ':') opens.add(stmtLine);
      newStatement = true;
      lastSignificant = undefined;
    }
  }

  const lines: LineInfo[] = raw.map((r, index) => {
    const indent = /^[ \t\f]*/.exec(r.text)?.[0] ?? '';
    let kind: LineKind;
    if (inString.has(index)) kind = 'string';
    else if (r.text.trim() === '') kind = 'blank';
    else if (logicalStart.has(index)) kind = 'logical';
    else if (firstTokenType.get(index) === 'COMMENT' && !commentMidStatement.has(index)) kind = 'comment';
    else kind = 'continuation';
    return { index, kind, text: r.text, eol: r.eol, indent, opensBlock: opens.has(index), owner: -1, nextLogical: -1 };
  });
  let owner = -1;
  for (const l of lines) {
    if (l.kind === 'logical') owner = l.index;
    l.owner = owner;
  }
  let next = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    lines[i].nextLogical = next;
    if (lines[i].kind === 'logical') next = i;
  }
  return lines;
}

/** Column width of leading whitespace with tab stops every `tabSize` columns (form feed resets, as in CPython). */
export function indentWidth(indent: string, tabSize: number): number {
  let col = 0;
  for (const c of indent) {
    if (c === '\t') col = (Math.floor(col / tabSize) + 1) * tabSize;
    else if (c === '\f') col = 0;
    else col++;
  }
  return col;
}
