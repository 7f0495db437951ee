// Canonical forms of descriptions and code, used for pair ids, duplicate detection and splitting.
// They are keys, never shown to a user or fed to a model: the text a pair carries is left as found
// (or as the cleaning steps the user chose made it).

import { fnv1a64 } from './hash';

/** `Q4:`, `Question 5 -`, `Ex. 6`: a label that makes the number after it numbering for sure. */
const LABEL = /^(?:q|question|ex|exercise|example|problem|task)\.?\s*(?=\d)/i;
/** `12.`, `12)`, `12:`, `(3)`, `[3]`, `12 -`: numbering whatever the dataset (not `3.14`, not `3x3`). */
const PUNCTUATED = /^(?:\(\d{1,4}\)|\[\d{1,4}\]|\d{1,4}\s*[.):\]](?=\s|[A-Za-z])|\d{1,4}\s+-+(?=\s))\s*/;
/** `12 write…`: numbering only where the format says so, since `5 maximum values in a dict` is a description. */
const BARE = /^\d{1,4}\s+(?=[A-Za-z])/;

export interface StripNumberingOptions {
  /** Also strip a bare leading number (`12 write…`). Implied for `#`-headers and labelled numbers. */
  bareNumbers?: boolean;
}

/** The description without comment marks and leading example numbering; inner text untouched. */
export function stripNumbering(description: string, options: StripNumberingOptions = {}): string {
  let text = description.trim();
  let bare = options.bareNumbers ?? false;
  if (text.startsWith('#')) {
    text = text.replace(/^#+\s*/, '');
    bare = true;
  }
  const label = LABEL.exec(text);
  const rest = label ? text.slice(label[0].length) : text;
  const number = PUNCTUATED.exec(rest) ?? (bare || label ? BARE.exec(rest) : null);
  if (number && number[0].length < rest.length) text = rest.slice(number[0].length);
  return text.trim();
}

/** True when the text is only a number (a header like `# 12` or `#### 93`), i.e. no description at all. */
export function isBareNumber(text: string): boolean {
  return /^\s*#*\s*[(\[]?\d{1,4}[)\]]?\s*[.):\]-]*\s*$/.test(text);
}

const ASCII = /^[\x00-\x7f]*$/;

// NFC so that "é" typed two ways is one key; skipped for ASCII, where it is the identity and costs most.
function nfc(text: string): string {
  return ASCII.test(text) ? text : text.normalize('NFC');
}

/** Lower case, numbering stripped, whitespace collapsed, trailing full stops and colons dropped. */
export function normalizeDescription(description: string): string {
  return stripNumbering(nfc(description))
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.:;!?]+$/, '')
    .trim();
}

/**
 * Whitespace-normalised code: line endings unified, trailing spaces and blank lines removed, runs of
 * spaces after the indentation collapsed to one. Indentation is kept as written (tabs expanded to 8
 * columns, as Python's tokenizer does), so programs that differ only in nesting stay different.
 */
export function normalizeCode(code: string): string {
  const out: string[] = [];
  for (const raw of nfc(code).split(/\r\n|\r|\n/)) {
    const line = raw.trimEnd();
    if (line.trim() === '') continue;
    const indentLength = line.length - line.trimStart().length;
    out.push(expandIndent(line.slice(0, indentLength)) + line.slice(indentLength).replace(/[ \t]+/g, ' '));
  }
  return out.join('\n');
}

function expandIndent(indent: string): string {
  let column = 0;
  for (const ch of indent) column = ch === '\t' ? column + 8 - (column % 8) : column + 1;
  return ' '.repeat(column);
}

/** The key two pairs share exactly when they are duplicates. */
export function pairKey(description: string, code: string): string {
  return normalizeDescription(description) + '\u0000' + normalizeCode(code);
}

/** Stable id of a pair: FNV-1a 64 of its normalised description and code. */
export function pairId(description: string, code: string): string {
  return fnv1a64(pairKey(description, code));
}
