// Python code as coloured spans in the editor's own palette, for places where a Monaco editor per
// item would be too heavy (a list of 600k pairs). Tolerant: code that does not tokenize still shows,
// the part after the error uncoloured.
import { PYTHON_KEYWORDS, tokenizePythonTolerant } from '../../../shared/tokenizer/python-tokenizer';

export type SpanKind = 'text' | 'keyword' | 'string' | 'number' | 'comment' | 'delimiter' | 'builtin';

export interface CodeSpan {
  text: string;
  kind: SpanKind;
}

const BUILTINS = new Set(['print', 'len', 'range', 'int', 'str', 'float', 'list', 'dict', 'set', 'tuple', 'open', 'sorted', 'sum', 'min', 'max', 'map', 'zip', 'enumerate', 'isinstance', 'type', 'abs', 'round', 'input', 'bool', 'any', 'all', 'filter', 'reversed', 'super', 'self']);

/** Long snippets are cut: a list row shows a few lines, and tokenizing megabytes per row would stall scrolling. */
const MAX_CHARS = 4_000;

export function highlightPython(code: string): CodeSpan[] {
  const source = code.length > MAX_CHARS ? code.slice(0, MAX_CHARS) : code;
  const { tokens } = tokenizePythonTolerant(source);
  const spans: CodeSpan[] = [];
  let at = 0;
  const push = (text: string, kind: SpanKind) => {
    if (!text) return;
    const last = spans.at(-1);
    if (last && last.kind === kind) last.text += text;
    else spans.push({ text, kind });
  };
  for (const token of tokens) {
    if (token.start < at || token.end <= token.start) continue;
    push(source.slice(at, token.start), 'text');
    push(source.slice(token.start, token.end), kindOf(token.type, token.text));
    at = token.end;
  }
  push(source.slice(at), 'text');
  if (source.length < code.length) push(' …', 'comment');
  return spans;
}

function kindOf(type: string, text: string): SpanKind {
  switch (type) {
    case 'NAME':
      return PYTHON_KEYWORDS.has(text) ? 'keyword' : BUILTINS.has(text) ? 'builtin' : 'text';
    case 'STRING':
      return 'string';
    case 'NUMBER':
      return 'number';
    case 'COMMENT':
      return 'comment';
    case 'OP':
      return 'delimiter';
    default:
      return 'text';
  }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to place in markup (CodeBlock builds a block's spans as one string). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}
