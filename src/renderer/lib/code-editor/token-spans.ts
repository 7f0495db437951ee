// Pure helpers behind the code editor: the types its props use, which span a character offset
// falls in, how confident a token looks, the smallest edit that turns one text into another
// (so streamed tokens are appended rather than the whole model replaced), and marker ranges
// clamped to the text. No Monaco here, so all of it is unit-tested in Node.

/** One generated token's place in the editor text: character offsets, `from` inclusive, `to` exclusive. */
export interface TokenSpan {
  index: number;
  from: number;
  to: number;
  probability: number;
}

/** A diagnostic at 1-based line/column (CPython's SyntaxError: lineno, offset, end_lineno, end_offset). */
export interface CodeMarker {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  severity?: 'error' | 'warning';
}

export type Confidence = 'high' | 'low' | 'very-low';

/** Below these a token is shown as doubtful (amber) or very doubtful (red). */
export const LOW_PROBABILITY = 0.5;
export const VERY_LOW_PROBABILITY = 0.2;

export function confidenceOf(probability: number): Confidence {
  if (probability < VERY_LOW_PROBABILITY) return 'very-low';
  if (probability < LOW_PROBABILITY) return 'low';
  return 'high';
}

/**
 * The span containing character `offset`, or null. `spans` must be sorted by `from` and not
 * overlap (the order a decoder produces them in); binary search, since the hover and click
 * handlers call this on every mouse event.
 */
export function spanAt(spans: readonly TokenSpan[], offset: number): TokenSpan | null {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const span = spans[mid];
    if (offset < span.from) hi = mid - 1;
    else if (offset >= span.to) lo = mid + 1;
    else return span;
  }
  return null;
}

/** The span with this token index (spans are usually indexed 0..n-1 in order, so try that first). */
export function spanByIndex(spans: readonly TokenSpan[], index: number): TokenSpan | null {
  const guess = spans[index];
  if (guess && guess.index === index) return guess;
  return spans.find((span) => span.index === index) ?? null;
}

/** Replace `[from, to)` of the old text with `text` to get the new one. */
export interface TextEdit {
  from: number;
  to: number;
  text: string;
}

/**
 * The smallest single edit from `before` to `after` (common prefix and suffix kept), or null when
 * they are equal. Appending a token gives `{ from: before.length, to: before.length, text: token }`.
 */
export function textEdit(before: string, after: string): TextEdit | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // Do not split a surrogate pair: back off to its first half.
  if (prefix > 0 && prefix < max && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  const maxSuffix = max - prefix;
  while (suffix < maxSuffix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (suffix > 0 && suffix < maxSuffix && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return { from: prefix, to: before.length - suffix, text: after.slice(prefix, after.length - suffix) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** 1-based line and column ranges, as Monaco's IRange. */
export interface LineRange {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/**
 * Where a marker's squiggle goes, clamped to the text: `lineMaxColumn(line)` is the column after the
 * line's last character. A marker without an end, or with an empty range, covers one character (the
 * one before the position when it sits at the end of a line, e.g. "unexpected EOF"), so the
 * squiggle and its hover can always be found.
 */
export function markerRange(marker: CodeMarker, lineCount: number, lineMaxColumn: (line: number) => number): LineRange {
  const clampLine = (line: number) => Math.min(Math.max(1, Math.floor(line) || 1), Math.max(1, lineCount));
  const clampColumn = (line: number, column: number) => Math.min(Math.max(1, Math.floor(column) || 1), lineMaxColumn(line));
  const startLineNumber = clampLine(marker.line);
  let startColumn = clampColumn(startLineNumber, marker.column);
  let endLineNumber = marker.endLine === undefined ? startLineNumber : clampLine(marker.endLine);
  let endColumn = marker.endColumn === undefined ? startColumn : clampColumn(endLineNumber, marker.endColumn);
  if (endLineNumber < startLineNumber || (endLineNumber === startLineNumber && endColumn <= startColumn)) {
    endLineNumber = startLineNumber;
    const max = lineMaxColumn(startLineNumber);
    if (startColumn < max) endColumn = startColumn + 1;
    else if (startColumn > 1) {
      endColumn = startColumn;
      startColumn -= 1;
    } else endColumn = startColumn;
  }
  return { startLineNumber, startColumn, endLineNumber, endColumn };
}

/** A token's text made visible for labels and tooltips: newlines, tabs and edge spaces get symbols. */
export function displayToken(text: string): string {
  if (text === '') return '∅';
  const shown = text.replace(/\r?\n/g, '⏎').replace(/\t/g, '⇥');
  return shown.replace(/^ +| +$/g, (spaces) => '␣'.repeat(spaces.length));
}

/** "92.1%" for 0.921; 99.95% and up shows as ">99.9%" so a sure token never reads as certain. */
export function formatProbability(probability: number): string {
  if (!Number.isFinite(probability)) return '—';
  if (probability >= 0.9995) return '>99.9%';
  return `${(probability * 100).toFixed(1)}%`;
}
