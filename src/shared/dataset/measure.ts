// Sizes of one pair as the length filters and the statistics count them: description words, code
// lines, characters and Python tokens. One definition, so a filter of "max 200 tokens" means the
// same thing as "p99 200 tokens" in the statistics.

import { tokenizePythonTolerant } from '../tokenizer/python-tokenizer';

/** Whitespace-separated words. */
export function descriptionWords(description: string): number {
  const trimmed = description.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** Lines that hold something other than whitespace. */
export function codeLines(code: string): number {
  let count = 0;
  for (const line of code.split(/\r\n|\r|\n/)) if (line.trim() !== '') count++;
  return count;
}

/** Characters (UTF-16 code units) of the code with trailing whitespace removed. */
export function codeChars(code: string): number {
  return code.trimEnd().length;
}

/**
 * Python tokens as CPython's `tokenize` lists them (NEWLINE, NL, INDENT, DEDENT and COMMENT included,
 * ENDMARKER not), by the tolerant tokenizer: never throws. Layout tokens count because a model writes
 * them too, and this is the measure the seed data's README quotes (median 41, p99 220).
 */
export function codeTokens(code: string): number {
  let count = 0;
  for (const token of tokenizePythonTolerant(code).tokens) if (token.type !== 'ENDMARKER') count++;
  return count;
}
