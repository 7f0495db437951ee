// tokenizeForBleuEval against hand-worked cases of each official rule, including the places where
// Python's regex semantics differ from JavaScript's defaults (whitespace set, astral code points).
import { describe, expect, it } from 'vitest';
import { tokenizeForBleuEval } from '../../../src/shared/metrics/conala-tokenize';

describe('tokenizeForBleuEval', () => {
  it('pads every non-word character and keeps word runs (letters, digits, _) whole', () => {
    expect(tokenizeForBleuEval('os.path.join(a_dir, x2)')).toEqual(['os', '.', 'path', '.', 'join', '(', 'a_dir', ',', 'x2', ')']);
    expect(tokenizeForBleuEval('a+=1')).toEqual(['a', '+', '=', '1']);
  });

  it('splits lower→upper camel boundaries only, keeping upper-case runs together', () => {
    expect(tokenizeForBleuEval('df.groupBy')).toEqual(['df', '.', 'group', 'By']);
    expect(tokenizeForBleuEval('getHTTPResponse')).toEqual(['get', 'HTTPResponse']);
    expect(tokenizeForBleuEval('aBcDeF')).toEqual(['a', 'Bc', 'De', 'F']);
    expect(tokenizeForBleuEval('XMLHttp')).toEqual(['XMLHttp']);
    expect(tokenizeForBleuEval('x1Y')).toEqual(['x1Y']);
  });

  it('turns both quote kinds into backticks so quote style never matters', () => {
    expect(tokenizeForBleuEval(`f("a")`)).toEqual(tokenizeForBleuEval(`f('a')`));
    expect(tokenizeForBleuEval(`'it''s'`)).toEqual(['`', 'it', '`', '`', 's', '`']);
  });

  it('collapses whitespace runs (newline, tab, Python-only separators) and drops empty tokens', () => {
    expect(tokenizeForBleuEval('  for i in x:\n\tprint(i)  ')).toEqual(['for', 'i', 'in', 'x', ':', 'print', '(', 'i', ')']);
    // U+001F and U+0085 are whitespace to Python's \s but not to JavaScript's.
    expect(tokenizeForBleuEval('a\u001fb\u0085c')).toEqual(['a', 'b', 'c']);
    expect(tokenizeForBleuEval('')).toEqual([]);
    expect(tokenizeForBleuEval(' \n ')).toEqual([]);
  });

  it('keeps U+FEFF as a token, as Python does (JavaScript would call it whitespace)', () => {
    expect(tokenizeForBleuEval('a\ufeffb')).toEqual(['a', '\ufeff', 'b']);
  });

  it('treats a non-ASCII character as one token per code point, emoji included', () => {
    expect(tokenizeForBleuEval('café')).toEqual(['caf', 'é']);
    expect(tokenizeForBleuEval('print("😀")')).toEqual(['print', '(', '`', '😀', '`', ')']);
  });

  it('says what is wrong when given something other than a string', () => {
    expect(() => tokenizeForBleuEval(undefined as unknown as string)).toThrow(/expected a string, got undefined/);
  });
});
