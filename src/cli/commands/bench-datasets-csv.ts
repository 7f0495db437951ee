// A synthetic CSV shaped like mined CoNaLa for the datasets bench: descriptions of 5–25 words drawn
// (Zipf-like, so common words are common) from a vocabulary of a few thousand, code of 5–60
// Python-like tokens, and some quoted fields holding commas, quotes and line breaks. Deterministic
// for a given count. Not real data: the real datasets stay in ../shared/data.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Real words, so that the bench can search for what users type. */
export const COMMON_WORDS = [
  'sort', 'list', 'dictionary', 'string', 'convert', 'file', 'read', 'write', 'value', 'key', 'python', 'numpy', 'array',
  'pandas', 'column', 'dataframe', 'split', 'join', 'remove', 'element', 'find', 'index', 'count', 'number', 'integer',
  'float', 'date', 'time', 'format', 'print', 'line', 'lines', 'regex', 'match', 'replace', 'character', 'lower', 'upper',
  'unique', 'duplicate', 'merge', 'filter', 'lambda', 'function', 'class', 'object', 'attribute', 'tuple', 'set', 'sum',
  'maximum', 'minimum', 'average', 'reverse', 'order', 'descending', 'ascending', 'json', 'csv', 'url', 'request', 'http',
  'download', 'image', 'matrix', 'row', 'rows', 'columns', 'group', 'select', 'random', 'generate', 'check', 'exists',
  'directory', 'path', 'delete', 'append', 'insert', 'length', 'size', 'first', 'last', 'nested', 'flatten', 'zip',
  'iterate', 'loop', 'range', 'multiply', 'divide', 'square', 'root', 'boolean', 'empty', 'whitespace', 'strip', 'encode',
];

const KEYWORDS = ['for', 'in', 'if', 'else', 'return', 'lambda', 'not', 'and', 'or', 'is', 'None', 'True', 'import'];
const OPERATORS = ['=', '+', '-', '*', '/', '==', '!=', '<', '>', '%', '**', '+='];
const CALLS = ['len', 'sorted', 'list', 'dict', 'str', 'int', 'print', 'sum', 'max', 'min', 'zip', 'map', 'open', 're.sub', 'np.array', 'df.groupby', 'os.path.join'];

/** mulberry32: small, fast, good enough for synthetic text. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function vocabulary(size: number, rand: () => number): string[] {
  const consonants = 'bcdfghklmnprstvwz';
  const vowels = 'aeiou';
  const words = new Set(COMMON_WORDS);
  while (words.size < size) {
    let word = '';
    const syllables = 1 + Math.floor(rand() * 4);
    for (let s = 0; s < syllables; s++) word += consonants[Math.floor(rand() * consonants.length)] + vowels[Math.floor(rand() * vowels.length)];
    words.add(word);
  }
  return [...words];
}

export interface SyntheticCsv {
  pairs: number;
  bytes: number;
  vocabulary: string[];
}

/** Writes `pairs` rows (header `intent,snippet`) to `path`. */
export async function writeSyntheticCsv(path: string, pairs: number, seed = 11): Promise<SyntheticCsv> {
  const rand = random(seed);
  const words = vocabulary(4000, rand);
  // Zipf-like: low indexes (the real words come first) are drawn far more often.
  const word = () => words[Math.floor(words.length * rand() ** 3)];
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];
  // Lengths skew short, as in mined CoNaLa (most intents are about ten words, most snippets one line).
  const description = () => Array.from({ length: 5 + Math.floor(21 * rand() ** 2) }, word).join(' ');
  const code = () => {
    const tokens: string[] = [];
    const length = 5 + Math.floor(56 * rand() ** 2);
    while (tokens.length < length) {
      const r = rand();
      if (r < 0.3) tokens.push(word() + (rand() < 0.2 ? `_${word()}` : ''));
      else if (r < 0.45) tokens.push(pick(OPERATORS));
      else if (r < 0.55) tokens.push(pick(KEYWORDS));
      else if (r < 0.7) tokens.push(pick(CALLS), '(', word(), ',', String(Math.floor(rand() * 100)), ')');
      else if (r < 0.8) tokens.push(`'${word()}'`);
      else if (r < 0.85) tokens.push('"a, b"');
      else if (r < 0.88) tokens.push(':\n   ');
      else tokens.push(String(Math.floor(rand() * 1000)));
    }
    return tokens.join(' ');
  };
  const quote = (field: string) => (/[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('intent,snippet\n');
  let rows: string[] = [];
  for (let i = 0; i < pairs; i++) {
    rows.push(`${quote(description())},${quote(code())}\n`);
    if (rows.length === 2_000) {
      await write(rows.join(''));
      rows = [];
    }
  }
  await write(rows.join(''));
  out.end();
  await once(out, 'finish');
  return { pairs, bytes, vocabulary: words };
}
