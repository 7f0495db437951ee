// The search box as an FTS5 query: long prefixes spelled out from the index's vocabulary (walked
// in rowid order, so a page stops early), short ones and unusual ones left to FTS5's prefix
// search, and nothing the user types read as FTS5 syntax.
import { describe, expect, it } from 'vitest';
import { ftsQuery } from '../../../src/services/datasets/store/search-query';

const vocabulary = ['sort', 'sorted', 'sorting', 'string', 'strip', ...Array.from({ length: 60 }, (_, i) => `data${i}`)].sort();
const termsStartingWith = (prefix: string, limit: number) => vocabulary.filter((t) => t.startsWith(prefix)).slice(0, limit);

describe('search query', () => {
  it('spells out a long prefix as the terms that start with it', () => {
    expect(ftsQuery('Sort', termsStartingWith)).toBe('("sort" OR "sorted" OR "sorting")');
    expect(ftsQuery('strin', termsStartingWith)).toBe('"string"');
  });

  it('leaves short prefixes, unknown words, too many terms and non-ASCII words to FTS5', () => {
    expect(ftsQuery('so', termsStartingWith)).toBe('"so"*');
    expect(ftsQuery('sortx', termsStartingWith)).toBe('"sortx"*');
    expect(ftsQuery('data', termsStartingWith)).toBe('"data"*'); // 60 terms: an OR would cost more
    expect(ftsQuery('Ärger', termsStartingWith)).toBe('"Ärger"*');
  });

  it('cuts the query where the tokenizer cuts text and keeps FTS5 syntax out', () => {
    expect(ftsQuery('x.sort  str', termsStartingWith)).toBe('"x"* AND ("sort" OR "sorted" OR "sorting") AND "str"*');
    expect(ftsQuery('AND "OR NEAR(', termsStartingWith)).toBe('"AND"* AND "OR"* AND "NEAR"*');
    expect(ftsQuery(' ().. ', termsStartingWith)).toBeNull();
  });
});
