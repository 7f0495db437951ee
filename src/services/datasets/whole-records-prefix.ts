// The longest start of a truncated text that holds only whole records, for a preview that reads a
// file's first bytes: up to the last record boundary (quote-aware for CSV), or for a JSON array up
// to its last whole element, closed with `]`. Line numbers stay those of the file.

import type { ImportFormat } from '../../shared/dataset/pair';
import { RecordBoundaryScanner } from './record-boundaries';

export function wholeRecordsPrefix(text: string, format: ImportFormat, csvDelimiter = ','): string {
  switch (format) {
    case 'conala-json':
      return jsonArrayPrefix(text);
    case 'csv':
      return lastBoundaryPrefix(text, new RecordBoundaryScanner({ kind: 'csv', delimiter: csvDelimiter }));
    default:
      return lastBoundaryPrefix(text, new RecordBoundaryScanner({ kind: 'lines' }));
  }
}

function lastBoundaryPrefix(text: string, scanner: RecordBoundaryScanner): string {
  // A final \r may be the first half of \r\n: leave it out, it ends no record we can see.
  const body = text.endsWith('\r') ? text.slice(0, -1) : text;
  let end = 0;
  scanner.scan(body, 0, (breakStart) => (end = breakStart));
  return body.slice(0, end);
}

/** `[ {…}, {…}, {…` → `[ {…}, {…}]`; text that does not start an array is returned as it is. */
function jsonArrayPrefix(text: string): string {
  let depth = 0;
  let inString = false;
  let lastElementEnd = -1;
  let opened = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      if (depth === 0) {
        if (ch !== '[') return text;
        opened = true;
      }
      depth++;
    } else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return text; // the array closes inside what was read
      if (depth === 1) lastElementEnd = i + 1;
    } else if (ch === ',' && depth === 1) lastElementEnd = Math.max(lastElementEnd, i);
  }
  if (!opened) return text;
  return lastElementEnd === -1 ? text.slice(0, text.indexOf('[') + 1) + ']' : text.slice(0, lastElementEnd).replace(/,\s*$/, '') + ']';
}
