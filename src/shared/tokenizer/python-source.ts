// Source-to-source transforms for dataset cleaning: drop comments and docstrings, re-indent every
// logical line to a fixed unit (whatever mix of tabs and spaces the author used), expand tabs.
// Token-aware (python-tokenizer.ts), so `#` and tabs inside strings are never touched.
// Never throws: code that cannot be tokenized comes back unchanged with `error` set.
// Not a formatter: apart from what each transform names, every line keeps its original text.

import { tokenizePythonTolerant, type PyToken, type PythonTokenizeError } from './python-tokenizer';
import { classifyLines, indentWidth } from './python-lines';
import { chooseIndentLevels } from './python-indent-levels';

export interface TransformResult {
  code: string;
  changed: boolean;
  /** Set when the code could not be tokenized; `code` is then the input, unchanged. */
  error?: string;
}

export interface ReindentOptions {
  /**
   * When no tab width gives a consistent block structure, resolve it by simple rules: indented
   * code that starts indented is moved to level 0, an unexpected indent stays at the current level,
   * a dedent to no known level goes to the enclosing level. Default true; with false such code is
   * returned unchanged with `error` set.
   */
  repair?: boolean;
  /**
   * With `repair`: a line ending in `:` that is not followed by a deeper line gets the next line as
   * its body. Makes flattened code parse, but only one line moves into the block, which is often
   * not what the author meant; so default false.
   */
  guessBlockBodies?: boolean;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Removes `#` comments and docstrings; a body left empty gets `pass`. */
export function removeCommentsAndDocstrings(code: string): TransformResult {
  const scanned = scan(code);
  if ('error' in scanned) return unchanged(code, scanned.error);
  const { tokens } = scanned;
  const edits: Edit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'COMMENT') edits.push(commentEdit(code, t, tokens[i + 1]));
  }
  for (const e of docstringEdits(code, tokens)) edits.push(e);
  return result(code, applyEdits(code, edits));
}

/** Re-indents every logical line to `unit` spaces per nesting level. */
export function reindent(code: string, unit = 4, options: ReindentOptions = {}): TransformResult {
  if (!Number.isInteger(unit) || unit < 1) return unchanged(code, `reindent: unit must be a positive integer, got ${unit}`);
  const scanned = scan(code);
  if ('error' in scanned) return unchanged(code, scanned.error);
  const lines = classifyLines(code, scanned.tokens);
  const logical = lines.filter((l) => l.kind === 'logical');
  const repair = options.repair ?? true;
  const choice = chooseIndentLevels(logical, { repair, guessBlockBodies: repair && (options.guessBlockBodies ?? false) });
  if (choice.violation && !repair) return unchanged(code, choice.violation);
  const { tabSize, levels } = choice;

  const newWidth = new Map<number, number>();
  const oldWidth = new Map<number, number>();
  logical.forEach((l, i) => {
    newWidth.set(l.index, levels[i] * unit);
    oldWidth.set(l.index, indentWidth(l.indent, tabSize));
  });
  const out: string[] = [];
  for (const l of lines) {
    const body = l.text.slice(l.indent.length);
    if (l.kind === 'string') out.push(l.text + l.eol);
    else if (l.kind === 'blank') out.push(l.eol);
    else if (l.kind === 'logical') out.push(' '.repeat(newWidth.get(l.index) ?? 0) + body + l.eol);
    else if (l.kind === 'comment') {
      const next = l.nextLogical >= 0 ? newWidth.get(l.nextLogical) : undefined;
      const prev = l.owner >= 0 ? newWidth.get(l.owner) : undefined;
      out.push(' '.repeat(next ?? prev ?? 0) + body + l.eol);
    } else {
      const delta = l.owner >= 0 ? (newWidth.get(l.owner) ?? 0) - (oldWidth.get(l.owner) ?? 0) : 0;
      out.push(' '.repeat(Math.max(0, indentWidth(l.indent, tabSize) + delta)) + body + l.eol);
    }
  }
  return result(code, out.join(''));
}

/** Replaces tabs in the indentation of every line outside strings by spaces (tab stops every `tabSize` columns, CPython uses 8). */
export function expandTabs(code: string, tabSize = 8): TransformResult {
  if (!Number.isInteger(tabSize) || tabSize < 1) return unchanged(code, `expandTabs: tabSize must be a positive integer, got ${tabSize}`);
  const scanned = scan(code);
  if ('error' in scanned) return unchanged(code, scanned.error);
  const out = classifyLines(code, scanned.tokens).map((l) =>
    l.kind === 'string' || !l.indent.includes('\t')
      ? l.text + l.eol
      : ' '.repeat(indentWidth(l.indent, tabSize)) + l.text.slice(l.indent.length) + l.eol,
  );
  return result(code, out.join(''));
}

export { indentWidth } from './python-lines';

function scan(code: string): { tokens: PyToken[] } | { error: string } {
  const { tokens, errors } = tokenizePythonTolerant(code);
  // Indentation problems are what these transforms repair; anything else means we cannot trust the tokens.
  const fatal = errors.find((e: PythonTokenizeError) => e.kind !== 'indentation' && e.kind !== 'tab');
  return fatal ? { error: fatal.message } : { tokens };
}

function commentEdit(code: string, t: PyToken, next: PyToken | undefined): Edit {
  const lineStart = t.start - t.col;
  const before = code.slice(lineStart, t.start);
  if (/^[ \t\f]*$/.test(before) && next?.type === 'NL') return { start: lineStart, end: next.end, text: '' };
  let start = t.start;
  while (start > lineStart && (code[start - 1] === ' ' || code[start - 1] === '\t' || code[start - 1] === '\f')) start--;
  return { start, end: t.end, text: '' };
}

interface Statement {
  /** Significant tokens (no COMMENT / NL / INDENT / DEDENT), ending with NEWLINE. */
  tokens: PyToken[];
  /** The first token after this statement's NEWLINE that is not NL or COMMENT. */
  after: PyToken | undefined;
}

function splitStatements(tokens: PyToken[]): Statement[] {
  const out: Statement[] = [];
  let cur: PyToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'COMMENT' || t.type === 'NL' || t.type === 'INDENT' || t.type === 'DEDENT' || t.type === 'ENDMARKER') continue;
    cur.push(t);
    if (t.type === 'NEWLINE') {
      let j = i + 1;
      while (j < tokens.length && (tokens[j].type === 'NL' || tokens[j].type === 'COMMENT')) j++;
      out.push({ tokens: cur, after: tokens[j] });
      cur = [];
    }
  }
  return out;
}

function isDocstringToken(t: PyToken): boolean {
  if (t.type !== 'STRING') return false;
  const prefix = t.text.slice(0, t.text.search(/['"]/)).toLowerCase();
  return !prefix.includes('f') && !prefix.includes('t') && !prefix.includes('b');
}

function docstringEdits(code: string, tokens: PyToken[]): Edit[] {
  const statements = splitStatements(tokens);
  const edits: Edit[] = [];
  if (statements.length > 0) {
    const e = docstringAt(code, statements[0], 0, false);
    if (e) edits.push(e);
  }
  statements.forEach((s, i) => {
    const first = s.tokens[0];
    const isDef =
      first?.type === 'NAME' &&
      (first.text === 'def' || first.text === 'class' || (first.text === 'async' && s.tokens[1]?.text === 'def'));
    if (!isDef) return;
    const colon = headerColon(s.tokens);
    if (colon < 0) return;
    const e =
      s.tokens[colon + 1]?.type === 'NEWLINE'
        ? statements[i + 1] && docstringAt(code, statements[i + 1], 0, true)
        : docstringAt(code, s, colon + 1, true);
    if (e) edits.push(e);
  });
  return edits;
}

function headerColon(ts: PyToken[]): number {
  let depth = 0;
  for (let k = 0; k < ts.length; k++) {
    const x = ts[k].text;
    if (ts[k].type !== 'OP') continue;
    if (x === '(' || x === '[' || x === '{') depth++;
    else if (x === ')' || x === ']' || x === '}') depth--;
    else if (x === ':' && depth === 0) return k;
  }
  return -1;
}

/** The edit that removes a docstring starting at token `k` of statement `s`, if there is one. */
function docstringAt(code: string, s: Statement, k: number, needsBody: boolean): Edit | undefined {
  let j = k;
  while (j < s.tokens.length && isDocstringToken(s.tokens[j])) j++;
  if (j === k) return undefined;
  const first = s.tokens[k];
  const last = s.tokens[j - 1];
  const end = s.tokens[j];
  if (end?.text === ';') {
    const next = s.tokens[j + 1];
    if (next && next.type !== 'NEWLINE') {
      let stop = end.end;
      while (code[stop] === ' ' || code[stop] === '\t') stop++;
      return { start: first.start, end: stop, text: '' };
    }
    return needsBody ? { start: first.start, end: end.end, text: 'pass' } : { start: first.start, end: end.end, text: '' };
  }
  if (end?.type !== 'NEWLINE') return undefined;
  const bodyEmpty = k > 0 || !s.after || s.after.type === 'DEDENT' || s.after.type === 'ENDMARKER';
  if (needsBody && bodyEmpty) return { start: first.start, end: last.end, text: 'pass' };
  return { start: first.start - first.col, end: end.end, text: '' };
}

function applyEdits(code: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) continue; // contained in an earlier edit (a comment on a removed docstring line)
    out += code.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + code.slice(at);
}

function unchanged(code: string, error: string): TransformResult {
  return { code, changed: false, error };
}

function result(input: string, output: string): TransformResult {
  return { code: output, changed: output !== input };
}
