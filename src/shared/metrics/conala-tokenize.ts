// CoNaLa's `tokenize_for_bleu_eval` (conala-baseline, eval/conala_eval.py), ported to give the same
// tokens as the official code under Python 3: split around every non-word character, split camelCase,
// turn both quote kinds into a backtick. It is an evaluation tokenizer only: lossy, not a model
// tokenizer (that one lives in src/shared/tokenizer).

// Python 3's `\s` on str patterns is str.isspace(): unlike JS `\s` it includes U+001C–U+001F and
// U+0085 and excludes U+FEFF, so the class is spelled out to keep token lists identical.
const PYTHON_WHITESPACE_RUN = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/gu;

// The `u` flag makes `[^…]` consume a whole code point, as Python does; without it an emoji's two
// UTF-16 halves would be padded apart and become two tokens.
const NON_WORD_CHAR = /([^A-Za-z0-9_])/gu;

// Python's re.sub finds non-overlapping matches left to right, as does a global JS replace; the
// consumed upper-case letter can never start the next match, so the two agree.
const LOWER_THEN_UPPER = /([a-z])([A-Z])/g;

/** Tokens exactly as CoNaLa's BLEU and exact-match evaluation sees them. Never throws on a string. */
export function tokenizeForBleuEval(code: string): string[] {
  if (typeof code !== 'string') {
    throw new TypeError(`tokenizeForBleuEval: expected a string, got ${code === null ? 'null' : typeof code}`);
  }
  let text = code.replace(NON_WORD_CHAR, ' $1 ');
  text = text.replace(LOWER_THEN_UPPER, '$1 $2');
  text = text.replace(PYTHON_WHITESPACE_RUN, ' ');
  text = text.replaceAll('"', '`').replaceAll("'", '`');
  return text.split(' ').filter((token) => token.length > 0);
}
