// Edge cases of the Python tokenizer, checked against what CPython's tokenize module produces
// for the same source (expected values written out by hand from CPython 3.12+ behaviour).
import { describe, expect, it } from 'vitest';
import {
  PythonTokenizeError,
  tokenizePython,
  tokenizePythonTolerant,
  type PyToken,
} from '../../../src/shared/tokenizer/python-tokenizer';

const kinds = (code: string): string[] => tokenizePython(code).map((t) => `${t.type} ${t.text}`);
const texts = (code: string, type: PyToken['type']): string[] =>
  tokenizePython(code).filter((t) => t.type === type).map((t) => t.text);

function expectError(code: string, kind: string, line: number, col: number, message: RegExp): void {
  let caught: unknown;
  try {
    tokenizePython(code);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(PythonTokenizeError);
  const err = caught as PythonTokenizeError;
  expect(err.kind).toBe(kind);
  expect({ line: err.line, col: err.col }).toEqual({ line, col });
  expect(err.message).toMatch(message);
}

describe('tokenizePython: token kinds and positions', () => {
  it('tokenizes a simple statement with 1-based lines and 0-based columns', () => {
    const toks = tokenizePython('x = 1\n');
    expect(toks.map((t) => [t.type, t.text, t.line, t.col])).toEqual([
      ['NAME', 'x', 1, 0],
      ['OP', '=', 1, 2],
      ['NUMBER', '1', 1, 4],
      ['NEWLINE', '\n', 1, 5],
      ['ENDMARKER', '', 2, 0],
    ]);
  });

  it('emits NEWLINE at EOF when the last line has no line break', () => {
    expect(kinds('pass')).toEqual(['NAME pass', 'NEWLINE ', 'ENDMARKER ']);
  });

  it('reads every numeric literal form as one NUMBER', () => {
    const nums = ['1_000', '0x_1F', '0o17', '0b1010', '1e-3', '1E+10', '3.14', '.5', '5.', '1j', '2.5J', '1_0.0_1e1_0', '0', '00'];
    expect(texts(nums.join(' + ') + '\n', 'NUMBER')).toEqual(nums);
  });

  it('rejects leading zeros and letters glued to numbers, but accepts `1if` as CPython does', () => {
    expectError('x = 0777\n', 'number', 1, 4, /leading zeros/);
    expectError('x = 12abc\n', 'number', 1, 4, /invalid decimal literal/);
    expect(texts('x = 1if y else 2\n', 'NUMBER')).toEqual(['1', '2']);
  });

  it('matches operators longest first', () => {
    const ops = ['**=', '//=', '>>=', '<<=', '->', ':=', '...', '!=', '==', '<=', '>=', '@=', '**', '//'];
    expect(texts(`a ${ops.join(' a ')} a\n`, 'OP')).toEqual(ops);
    expect(texts('a<b>c\n', 'OP')).toEqual(['<', '>']);
  });

  it('reads all string prefixes and quote styles as one STRING', () => {
    const strs = [`'a'`, `"b"`, `r'\\d'`, `b"x"`, `rb'y'`, `BR"z"`, `u'u'`, `f'{x}'`, `Rf"{y}"`, `t'{z}'`, `'''tri'''`, `"""tri"""`, `''`, `""`];
    expect(texts(strs.join(' ') + '\n', 'STRING')).toEqual(strs);
  });

  it('keeps escapes, including an escaped quote and backslash-newline, inside a string', () => {
    expect(texts(`s = 'it\\'s'\n`, 'STRING')).toEqual([`'it\\'s'`]);
    expect(texts(`s = 'a\\\nb'\n`, 'STRING')).toEqual([`'a\\\nb'`]);
    expect(texts(`s = r'a\\'b'\n`, 'STRING')).toEqual([`r'a\\'b'`]);
  });

  it('spans lines in a triple-quoted string and tracks end positions', () => {
    const toks = tokenizePython('s = """a\nb\nc"""\nx\n');
    const s = toks.find((t) => t.type === 'STRING') as PyToken;
    expect(s).toMatchObject({ text: '"""a\nb\nc"""', line: 1, col: 4, endLine: 3, endCol: 4 });
    expect(toks.find((t) => t.text === 'x')).toMatchObject({ line: 4, col: 0 });
  });

  it('scans PEP 701 f-strings with nested quotes, format specs and doubled braces as one token', () => {
    const cases = [`f"{x["k"]}"`, `f'{a!r:>{width}}'`, `f"{{literal}} {y:'>10}"`, `f"{'nested' + f'{z}'}"`, `f'{d["a"]:{w}.{p}f}'`, `f"\\N{BULLET} {x}"`];
    for (const c of cases) expect(texts(`v = ${c}\n`, 'STRING')).toEqual([c]);
  });

  it('keeps identifiers that look like prefixes when no quote follows', () => {
    expect(kinds('rb = f + br\n').slice(0, 5)).toEqual(['NAME rb', 'OP =', 'NAME f', 'OP +', 'NAME br']);
  });

  it('reads Unicode identifiers', () => {
    expect(texts('café = naïve_π\n', 'NAME')).toEqual(['café', 'naïve_π']);
  });

  it('separates COMMENT, NL (non-logical) and NEWLINE (logical) line ends', () => {
    expect(kinds('# head\n\nx = (1,  # in\n     2)\n')).toEqual([
      'COMMENT # head', 'NL \n', 'NL \n',
      'NAME x', 'OP =', 'OP (', 'NUMBER 1', 'OP ,', 'COMMENT # in', 'NL \n', 'NUMBER 2', 'OP )', 'NEWLINE \n',
      'ENDMARKER ',
    ]);
  });

  it('joins lines after a backslash without NEWLINE or indentation', () => {
    expect(kinds('x = 1 + \\\n        2\n')).toEqual(['NAME x', 'OP =', 'NUMBER 1', 'OP +', 'NUMBER 2', 'NEWLINE \n', 'ENDMARKER ']);
  });

  it('handles CRLF and lone CR line ends', () => {
    expect(kinds('if a:\r\n    b\r\n').filter((k) => k.startsWith('NEWLINE'))).toEqual(['NEWLINE \r\n', 'NEWLINE \r\n']);
    expect(tokenizePython('a\rb\r').filter((t) => t.type === 'NAME').map((t) => t.line)).toEqual([1, 2]);
  });
});

describe('tokenizePython: INDENT / DEDENT', () => {
  it('computes blocks from an indentation stack', () => {
    const code = 'if a:\n    if b:\n        c\n    d\ne\n';
    expect(kinds(code).filter((k) => /INDENT|DEDENT/.test(k))).toEqual(['INDENT     ', 'INDENT         ', 'DEDENT ', 'DEDENT ']);
  });

  it('ignores blank and comment-only lines for indentation, wherever they sit', () => {
    const code = 'def f():\n    x = 1\n# col0 comment\n\n        # deep comment\n    return x\n';
    expect(tokenizePython(code).filter((t) => t.type === 'DEDENT')).toHaveLength(1);
  });

  it('emits remaining DEDENTs at EOF', () => {
    const t = tokenizePython('class A:\n  def f(self):\n    pass');
    expect(t.slice(-4).map((x) => x.type)).toEqual(['NEWLINE', 'DEDENT', 'DEDENT', 'ENDMARKER']);
  });

  it('expands tabs to the next multiple of 8 and accepts consistent tab use', () => {
    expect(() => tokenizePython('if a:\n\tb\n\tif c:\n\t\td\n')).not.toThrow();
    // Line 3 is 8 spaces + a tab, line 4 two tabs: both column 16 with tab=8, but 9 vs 2 with tab=1 → TabError, as in CPython.
    expectError('if a:\n        if b:\n        \tc\n\t\td\n', 'tab', 4, 2, /inconsistent use of tabs and spaces/);
  });

  it('reports an unindent that matches no outer level', () => {
    expectError('if a:\n    b\n  c\n', 'indentation', 3, 2, /unindent does not match any outer indentation level/);
  });

  it('does not compute indentation inside brackets', () => {
    expect(kinds('x = [\n  1,\n      2,\n]\n').some((k) => /INDENT|DEDENT/.test(k))).toBe(false);
  });
});

describe('tokenizePython: errors', () => {
  it('reports an unterminated single-quoted string where it starts', () => {
    expectError('x = 1\ny = "abc\n', 'unterminated-string', 2, 4, /unterminated string literal \(detected at line 2\)/);
  });

  it('reports an unterminated triple-quoted string', () => {
    expectError("s = '''abc\n\nmore\n", 'unterminated-string', 1, 4, /unterminated triple-quoted string literal/);
  });

  it('reports a stray character with its code point', () => {
    expectError('x = 1 $ 2\n', 'stray-character', 1, 6, /invalid character '\$' \(U\+0024\)/);
    expectError('print(“hi”)\n', 'stray-character', 1, 6, /U\+201C/);
  });

  it('reports brackets that never close or do not match', () => {
    expectError('x = (1,\n  2\n', 'bracket', 1, 4, /'\(' was never closed/);
    expectError('x = (1]\n', 'bracket', 1, 6, /does not match/);
    expectError('x = 1)\n', 'bracket', 1, 5, /unmatched '\)'/);
  });

  it('reports a character after a line continuation backslash', () => {
    expectError('x = 1 \\ + 2\n', 'line-continuation', 1, 6, /unexpected character after line continuation/);
  });
});

describe('tokenizePythonTolerant', () => {
  it('never throws and recovers after each error', () => {
    const { tokens, errors } = tokenizePythonTolerant('a = "open\nb = 2 $\nif x:\n    y\n  z\n');
    expect(errors.map((e) => e.kind)).toEqual(['unterminated-string', 'stray-character', 'indentation']);
    expect(tokens.filter((t) => t.type === 'ERRORTOKEN').map((t) => t.text)).toEqual(['"open', '$']);
    expect(tokens.filter((t) => t.type === 'NAME').map((t) => t.text)).toEqual(['a', 'b', 'if', 'x', 'y', 'z']);
  });

  it('returns no errors for valid code', () => {
    expect(tokenizePythonTolerant('def f():\n    return 1\n').errors).toEqual([]);
  });
});
