// Guesses a dataset file's format from its extension and its first characters. The extension
// decides between families (JSON, CSV, text); the content settles the rest (JSON array or JSON
// lines, CoNaLa field names or generic ones). It never parses the whole file.

import { stripBom } from './import-report';
import type { ImportFormat } from './pair';

export interface FormatGuess {
  format: ImportFormat;
  /** Why, in a few words, for reports and CLI output. */
  reason: string;
}

const CONALA_KEYS = /"(?:rewritten_intent|intent)"\s*:/;
const SNIPPET_KEY = /"snippet"\s*:/;

export function detectFormat(text: string, fileName: string): FormatGuess {
  const body = stripBom(text);
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const start = body.trimStart();
  const firstLine = start.split(/\r\n|\r|\n/, 1)[0] ?? '';

  if (extension === 'csv' || extension === 'tsv') return { format: 'csv', reason: `.${extension} extension` };
  if (extension === 'jsonl' || extension === 'ndjson') return jsonLinesGuess(firstLine, `.${extension} extension`);
  if (extension === 'json') {
    if (start.startsWith('[')) return { format: 'conala-json', reason: '.json file holding a JSON array' };
    if (start.startsWith('{') && looksLikeJsonLines(body)) return jsonLinesGuess(firstLine, '.json file with one object per line');
    return { format: 'conala-json', reason: '.json extension' };
  }

  // Unknown or text-like extension: look at the content.
  if (start.startsWith('[')) return { format: 'conala-json', reason: 'content starts with a JSON array' };
  if (start.startsWith('{') && looksLikeJsonLines(body)) return jsonLinesGuess(firstLine, 'content has one JSON object per line');
  if (start.startsWith('#')) return { format: 'seed-text', reason: "content starts with a '#' description line" };
  if (/^"?[A-Za-z_][\w ]*"?(?:[,\t]"?[A-Za-z_][\w ]*"?)+$/.test(firstLine.trim())) {
    return { format: 'csv', reason: 'first line looks like a CSV header' };
  }
  return { format: 'seed-text', reason: extension ? `.${extension} file read as '#'-description text` : "read as '#'-description text" };
}

function jsonLinesGuess(firstLine: string, why: string): FormatGuess {
  if (CONALA_KEYS.test(firstLine) && SNIPPET_KEY.test(firstLine)) {
    return { format: 'conala-jsonl', reason: `${why}, CoNaLa fields (intent, snippet)` };
  }
  return { format: 'jsonl', reason: why };
}

/** The first non-blank line is a complete JSON value on its own. */
function looksLikeJsonLines(body: string): boolean {
  const first = body.split(/\r\n|\r|\n/).find((line) => line.trim() !== '') ?? '';
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
}
