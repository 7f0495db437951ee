// The exact Python syntax check (CPython compile() inside Pyodide): verdicts, positions,
// messages, that code is compiled and never run, and how long loading and checking take.
import { beforeAll, describe, expect, it } from 'vitest';
import { getPythonSyntaxChecker, type PythonSyntaxChecker } from '../../../src/services/python/syntax-check';
import { tokenizePython } from '../../../src/shared/tokenizer/python-tokenizer';

let checker: PythonSyntaxChecker;

beforeAll(async () => {
  checker = await getPythonSyntaxChecker();
  console.info(`pyodide: Python ${checker.pythonVersion} loaded in ${Math.round(checker.loadMs)} ms`);
});

describe('PythonSyntaxChecker', () => {
  it('is a singleton', async () => {
    expect(await getPythonSyntaxChecker()).toBe(checker);
    expect(checker.pythonVersion).toMatch(/^3\.\d+/);
  });

  it('accepts valid Python 3, including recent syntax', () => {
    expect(checker.check('x = 1\n')).toEqual({ ok: true });
    expect(checker.check('')).toEqual({ ok: true });
    expect(checker.check('match p:\n    case [x, *r]:\n        pass\n')).toEqual({ ok: true });
    expect(checker.check('s = f"{d["k"]}"\n')).toEqual({ ok: true });
    expect(checker.check('type Point = tuple[float, float]\n')).toEqual({ ok: true });
  });

  it('rejects Python 2 and broken code with line, 0-based column and CPython message', () => {
    expect(checker.check('print "hi"\n')).toMatchObject({ ok: false, line: 1, message: expect.stringMatching(/^SyntaxError: Missing parentheses in call to 'print'/) });
    expect(checker.check('x = 1\ndef f(:\n    pass\n')).toEqual({ ok: false, line: 2, col: 6, message: 'SyntaxError: invalid syntax' });
    expect(checker.check('if x:\npass\n')).toMatchObject({ ok: false, line: 2, message: expect.stringMatching(/^IndentationError: expected an indented block/) });
    expect(checker.check('if a:\n        b\n\tc\n')).toMatchObject({ ok: false, line: 3, message: expect.stringMatching(/^TabError/) });
  });

  it('reports compiler errors that a tokenizer cannot see', () => {
    expect(checker.check('return 1\n')).toMatchObject({ ok: false, message: "SyntaxError: 'return' outside function" });
    expect(checker.check('a\0b')).toMatchObject({ ok: false, message: expect.stringMatching(/null bytes/) });
  });

  it('ignores warnings (invalid escape sequences are not syntax errors)', () => {
    expect(checker.check('import re\nr = re.compile("\\d+")\n')).toEqual({ ok: true });
  });

  it('only compiles: code that would have side effects is never run', () => {
    const g = globalThis as Record<string, unknown>;
    delete g.__syntaxCheckRan;
    const code = 'import js\njs.globalThis.__syntaxCheckRan = 1\nraise SystemExit(3)\n';
    expect(checker.check(code)).toEqual({ ok: true });
    expect(g.__syntaxCheckRan).toBeUndefined();
  });

  it('passes the source as data, so quotes cannot break out of it', () => {
    expect(checker.check('"""\n\')"""; import os')).toEqual({ ok: true });
    expect(checker.check('\'\'\'"""')).toMatchObject({ ok: false, message: expect.stringMatching(/unterminated triple-quoted string/) });
  });

  it('checks many snippets and measures the time per check', () => {
    const codes = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `def f(:\n  ${i}` : `def f${i}(x):\n    return x * ${i}\n`));
    const t0 = performance.now();
    const results = checker.checkMany(codes);
    const perCheck = (performance.now() - t0) / codes.length;
    console.info(`pyodide: ${perCheck.toFixed(3)} ms per check (${codes.length} snippets)`);
    expect(results.filter((r) => r.ok)).toHaveLength(200);
    expect(results[0]).toMatchObject({ ok: false, line: 1 });
  });

  it('returns an error verdict rather than throwing on a non-string', () => {
    expect(checker.check(42 as unknown as string)).toMatchObject({ ok: false, message: expect.stringMatching(/expected source code as a string/) });
  });
});

// Hand-written snippets where a tokenizer is easy to get wrong; CPython's tokenize is the referee.
const TOKENIZER_CASES = [
  'x = 1',
  'x = 1\n\n   ',
  '# only a comment',
  'if a:\n    b  # c\n\n# col 0\n        # deep\n    d\ne\n',
  'def f(a, *b, c=1_000, **d) -> int:\n\treturn a @ b ** -c // 0x_FF\n',
  'n = [1e-3, 1E+10, 3.14j, .5, 5., 0o17, 0b1, 00, 1if x else 2]\n',
  "s = f'{x!r:>{w}}' rb'\\x' Rb\"y\" u'z' '''tri\nple''' t'{q}'\n",
  'v = f"{d["k"]}" f"{\'a\' + f\'{b}\'}" f"{{lit}} {y:\'>10}"\n',
  'x = (1,  # inside\n     2)\ny = 3 + \\\n    4\n',
  'if a:\r\n    b\r\nc\r\n',
  'class A:\n\tdef f(self):\n\t\tpass\n\n\tx = 1',
  'a = 1\n\x0cb = 2\n',
  'caf\u00e9 = na\u00efve_\u03c0\n',
  'async def g():\n    await x\n    return [i async for i in y]\n',
];

describe('tokenizePython against CPython tokenize (referenceTokens)', () => {
  const show = (t: { type: string; text: string; line: number; col: number }): string => `${t.type} ${JSON.stringify(t.text)} ${t.line}:${t.col}`;
  for (const code of TOKENIZER_CASES) {
    it(`agrees on ${JSON.stringify(code.slice(0, 50))}`, () => {
      const ref = checker.referenceTokens(code);
      if (!ref.ok) throw new Error(`CPython could not tokenize the test snippet: ${ref.message}`);
      expect(tokenizePython(code).map(show)).toEqual(ref.tokens.map(show));
    });
  }

  it('reports a tokenize error as data', () => {
    expect(checker.referenceTokens('x = "open\n')).toMatchObject({ ok: false, message: expect.stringMatching(/unterminated string literal/) });
  });
});
