// The user's search box as an FTS5 query. Words are quoted (no FTS5 syntax reaches the engine)
// and cut where the index's tokenizer cuts text ("x.sort" → x, sort), since an index without
// positions (detail=none) answers single terms, not phrases. Every word is a prefix: the list
// follows the user's typing.
//
// Words of 1–3 letters are answered by the index's prefix indexes. A longer prefix has none:
// FTS5 then merges the whole doclists of every matching term before returning the first row
// ("sort"* reads every posting of sort and sorted: ~50 ms at 600k pairs, twice per page with the
// count). Spelled out as an OR of the terms the vocabulary holds ("sort" OR "sorted"), FTS5
// walks the doclists side by side in rowid order and stops at the page's end (~1 ms).

/** The prefix lengths the index keeps (schema: prefix='1 2 3'). */
const INDEXED_PREFIX = 3;
/** Past this many terms an OR costs more than FTS5's own merge. */
const MAX_EXPANSION = 48;

export type TermsStartingWith = (prefix: string, limit: number) => string[];

export function ftsQuery(query: string, termsStartingWith: TermsStartingWith): string | null {
  const words = query.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (!words.length) return null;
  return words.map((word) => prefixTerm(word, termsStartingWith)).join(' AND ');
}

function prefixTerm(word: string, termsStartingWith: TermsStartingWith): string {
  const prefix = `"${word}"*`;
  // Only ASCII is folded here exactly as the tokenizer folds it (lower case, no diacritics).
  if (word.length <= INDEXED_PREFIX || !/^[\x21-\x7e]+$/.test(word)) return prefix;
  const terms = termsStartingWith(word.toLowerCase(), MAX_EXPANSION + 1);
  if (terms.length === 0 || terms.length > MAX_EXPANSION) return prefix;
  return terms.length === 1 ? `"${terms[0]}"` : `(${terms.map((t) => `"${t}"`).join(' OR ')})`;
}
