// Cuts one file's code token sequence (python-sequence.ts) into training windows for decoder
// pretraining. A window starts at the start of a logical line and holds whole logical lines, so it
// looks like a pair's target: it never dedents below the line it starts on, and never ends on a
// line that opens a block (`def f():` with no body). Pure: no files, no ids.
import { DEDENT_TOKEN, INDENT_TOKEN, NEWLINE_TOKEN } from '../tokenizer/python-sequence';

/** One logical line: the INDENT/DEDENT tokens before it, its tokens (ending in NEWLINE), its depth. */
interface LogicalLine {
  lead: string[];
  body: string[];
  depth: number;
}

export interface CodeWindows {
  windows: string[][];
  /** Logical lines left out: longer than a window alone, or a block opener whose body never fits with it. */
  droppedLines: number;
}

/** Windows of at most `maxTokens` tokens each (the caller adds BOS/EOS), in file order, not overlapping. */
export function cutWindows(tokens: readonly string[], maxTokens: number): CodeWindows {
  const lines = logicalLines(tokens);
  const windows: string[][] = [];
  let droppedLines = 0;
  let i = 0;
  while (i < lines.length) {
    const first = lines[i];
    if (first.body.length > maxTokens) {
      droppedLines++;
      i++;
      continue;
    }
    let end = i + 1;
    let length = first.body.length;
    while (end < lines.length && lines[end].depth >= first.depth && length + lines[end].lead.length + lines[end].body.length <= maxTokens) {
      length += lines[end].lead.length + lines[end].body.length;
      end++;
    }
    // A line followed by an INDENT opens a block: the window must hold some of its body.
    while (end - i > 1 && opensBlock(lines, end - 1)) end--;
    if (opensBlock(lines, end - 1)) {
      droppedLines++;
      i++;
      continue;
    }
    const window = [...first.body];
    for (let k = i + 1; k < end; k++) window.push(...lines[k].lead, ...lines[k].body);
    windows.push(window);
    i = end;
  }
  return { windows, droppedLines };
}

function opensBlock(lines: readonly LogicalLine[], index: number): boolean {
  return lines[index + 1]?.lead[0] === INDENT_TOKEN;
}

function logicalLines(tokens: readonly string[]): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let depth = 0;
  let current: LogicalLine = { lead: [], body: [], depth };
  for (const token of tokens) {
    if (current.body.length === 0 && (token === INDENT_TOKEN || token === DEDENT_TOKEN)) {
      current.lead.push(token);
      depth += token === INDENT_TOKEN ? 1 : -1;
      current.depth = depth;
      continue;
    }
    current.body.push(token);
    if (token === NEWLINE_TOKEN) {
      lines.push(current);
      current = { lead: [], body: [], depth };
    }
  }
  if (current.body.length) lines.push(current);
  return lines;
}
