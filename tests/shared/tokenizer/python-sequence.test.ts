// Model token sequences: codeToTokens (with and without split strings) and the detokenizer
// tokensToCode — exact spacing on hand-written snippets, the round-trip guarantee on tricky
// code, and best-effort output (never a throw) on malformed sequences.
import { describe, expect, it } from 'vitest';
import {
  DEDENT_TOKEN,
  INDENT_TOKEN,
  NEWLINE_TOKEN,
  STR_END_TOKEN,
  codeToTokens,
  parseStringOpenToken,
  splitString,
} from '../../../src/shared/tokenizer/python-sequence';
import { tokensToCode } from '../../../src/shared/tokenizer/python-detokenize';
import { PythonTokenizeError, tokenizePythonTolerant } from '../../../src/shared/tokenizer/python-tokenizer';

describe('codeToTokens', () => {
  it('drops comments and blank lines, keeps NEWLINE / INDENT / DEDENT, drops trailing DEDENTs', () => {
    const code = '# c\ndef f(x):\n\n    return x  # r\nprint(f(1))\nif x:\n    y\n';
    expect(codeToTokens(code, { splitStrings: false })).toEqual([
      'def', 'f', '(', 'x', ')', ':', NEWLINE_TOKEN,
      INDENT_TOKEN, 'return', 'x', NEWLINE_TOKEN,
      DEDENT_TOKEN, 'print', '(', 'f', '(', '1', ')', ')', NEWLINE_TOKEN,
      'if', 'x', ':', NEWLINE_TOKEN, INDENT_TOKEN, 'y', NEWLINE_TOKEN,
    ]);
  });

  it('keeps a string literal whole without splitStrings', () => {
    expect(codeToTokens(`print(f'hi {x}')\n`, { splitStrings: false })).toEqual(['print', '(', `f'hi {x}'`, ')', NEWLINE_TOKEN]);
  });

  it('splits a string into opener, one token per character (escapes whole) and STR_END', () => {
    expect(codeToTokens(`s = Rb'a\\n\\\\ é😀'\n`, { splitStrings: true })).toEqual([
      's', '=', "<STR Rb'>", 'a', '\\n', '\\\\', ' ', 'é', '😀', STR_END_TOKEN, NEWLINE_TOKEN,
    ]);
  });

  it('splits triple-quoted and empty strings', () => {
    expect(splitString('"""a\nb"""')).toEqual(['<STR """>', 'a', '\n', 'b', STR_END_TOKEN]);
    expect(splitString("''")).toEqual(["<STR '>", STR_END_TOKEN]);
    expect(splitString("''''''")).toEqual(["<STR '''>", STR_END_TOKEN]);
    expect(parseStringOpenToken('<STR rb"""'.concat('>'))).toEqual({ prefix: 'rb', quote: '"""' });
    expect(parseStringOpenToken('<STR_END>')).toBeUndefined();
  });

  it('throws a PythonTokenizeError with a position on code it cannot tokenize', () => {
    expect(() => codeToTokens('x = "open\n', { splitStrings: true })).toThrow(PythonTokenizeError);
  });
});

const format = (code: string): string => tokensToCode(codeToTokens(code, { splitStrings: true }));

describe('tokensToCode: Python-conventional spacing', () => {
  const cases: [string, string][] = [
    ['x=1', 'x = 1\n'],
    ['print ( a , b )', 'print(a, b)\n'],
    ['f(a,b=1,*args,**kw)', 'f(a, b=1, *args, **kw)\n'],
    ['def f(a,b:int=3,*,c=-1)->dict:\n  return a', 'def f(a, b: int = 3, *, c=-1) -> dict:\n    return a\n'],
    ['x[1:2],x[::2],x[:-1],x[a+1:]', 'x[1:2], x[::2], x[:-1], x[a + 1:]\n'],
    ["d={'a':1,**e}", "d = {'a': 1, **e}\n"],
    ['y=-x**-2+~z', 'y = -x ** -2 + ~z\n'],
    ['obj.attr.method()[0]', 'obj.attr.method()[0]\n'],
    ['from . import x\nfrom ..m import (a,b)', 'from . import x\nfrom ..m import (a, b)\n'],
    ['@dec(x=1)\nclass A(B,metaclass=M):pass', '@dec(x=1)\nclass A(B, metaclass=M): pass\n'],
    ['f=lambda x=1,*a:x if not a else -x', 'f = lambda x=1, *a: x if not a else -x\n'],
    ['if(a)and(b):x+=1;y@=z', 'if (a) and (b): x += 1; y @= z\n'],
    ['n=1 .real+1.5', 'n = 1 .real + 1.5\n'],
    ['t=(1,)', 't = (1,)\n'],
    ['x: list[int]=[]', 'x: list[int] = []\n'],
    ['print(*a,sep="",end="\\n")', 'print(*a, sep="", end="\\n")\n'],
    ['if (n:=len(a))>10:pass', 'if (n := len(a)) > 10: pass\n'],
    ['return', 'return\n'],
  ];
  for (const [src, expected] of cases) {
    it(`formats ${JSON.stringify(src)}`, () => {
      expect(format(src)).toBe(expected);
    });
  }

  it('indents nested blocks by 4 spaces whatever the source used', () => {
    expect(format('if a:\n\tif b:\n\t\tc()\n\td()\n')).toBe('if a:\n    if b:\n        c()\n    d()\n');
  });
});

// Snippets chosen to stress spacing rules that could change the tokens if done wrong.
const TRICKY = [
  'x = a if b else-1\n',
  "s = r'\\d+' 'tail' f\"{x!r:>{w}}\" rb'\\x00'\n",
  'a = b<c>d<=e>=f!=g==h\n',
  'x = 1if y else 2\n',
  'print(1 .real, 0x_ff, 1e-3j, .5, 5., ...)\n',
  'x[...] = y[1:2, ::3, :]\n',
  'from ... import a\nfrom .... import b\n',
  'a = not-x\nb = -+~x\nc = x**-y\n',
  'def f(*, a, **k): return {**k, "a": a}\n',
  'class A:\n    """doc"""\n    def f(self) -> "A": ...\n',
  's = """multi\nline\\\n \'\'\' string"""\n',
  "async def g():\n    async with a as b:\n        await c\n",
  'match p:\n    case [x, *rest]:\n        pass\n    case {"k": v, **kw}:\n        pass\n    case _:\n        pass\n',
  'x = [i for i in range(3)] [0]\n',
  "v = f'{x[\"k\"]}' f\"{'a' + 'b'}\"\n",
  'lambda: (yield)\n',
  't = print,\n',
  'x = a @ b; y = a @b\n',
  "m = {'a': lambda: 1, 'b': [x for x in y if x]}\n",
];

describe('tokensToCode: round trip', () => {
  for (const splitStrings of [true, false]) {
    for (const code of TRICKY) {
      it(`re-tokenizes to the same tokens (splitStrings=${splitStrings}): ${JSON.stringify(code.slice(0, 40))}`, () => {
        const tokens = codeToTokens(code, { splitStrings });
        const back = tokensToCode(tokens);
        expect(codeToTokens(back, { splitStrings })).toEqual(tokens);
      });
    }
  }
});

describe('tokensToCode: malformed sequences never throw', () => {
  it('returns an empty string for an empty sequence', () => {
    expect(tokensToCode([])).toBe('');
  });

  it('ignores DEDENTs below level 0 and STR_END outside a string', () => {
    expect(tokensToCode([DEDENT_TOKEN, DEDENT_TOKEN, 'x', STR_END_TOKEN, NEWLINE_TOKEN])).toBe('x\n');
  });

  it('closes a string that has no STR_END at the next NEWLINE or at the end', () => {
    expect(tokensToCode(['s', '=', "<STR '>", 'a', 'b', NEWLINE_TOKEN, 't', '=', '<STR ">', 'c'])).toBe(`s = 'ab'\nt = "c"\n`);
  });

  it('escapes a closing quote, a raw newline and a lone backslash inside a string body', () => {
    const code = tokensToCode(['s', '=', "<STR '>", 'a', "'", '\n', '\\', STR_END_TOKEN, NEWLINE_TOKEN]);
    expect(code).toBe("s = 'a\\'\\n\\\\'\n");
    expect(tokenizePythonTolerant(code).errors).toEqual([]);
  });

  it('keeps a triple-quoted body from closing early', () => {
    const code = tokensToCode(['<STR """>', 'a', '"', '"', '"', 'b', STR_END_TOKEN, NEWLINE_TOKEN]);
    const strings = tokenizePythonTolerant(code).tokens.filter((t) => t.type === 'STRING');
    expect(strings).toHaveLength(1);
  });

  it('starts a new line when INDENT or DEDENT arrive mid-line', () => {
    expect(tokensToCode(['if', 'x', ':', INDENT_TOKEN, 'y', NEWLINE_TOKEN, 'z'])).toBe('if x:\n    y\n    z\n');
  });

  it('survives unbalanced brackets and unknown tokens', () => {
    expect(() => tokensToCode([')', ']', 'f', '(', '(', '<unk>', '$', NEWLINE_TOKEN, ')'])).not.toThrow();
  });

  it('never throws on random sequences over the whole token alphabet', () => {
    const pool = [
      NEWLINE_TOKEN, INDENT_TOKEN, DEDENT_TOKEN, STR_END_TOKEN, "<STR f'>", '<STR """>', '<STR rb">',
      'x', 'def', 'lambda', '(', ')', '[', ']', '{', '}', ':', '=', '-', '*', '**', ',', '.', '1', "'", '"', '\\', '\n', '\\n', '<pad>', '',
    ];
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 0; n < 500; n++) {
      const seq = Array.from({ length: Math.floor(next() * 40) }, () => pool[Math.floor(next() * pool.length)]);
      expect(() => tokensToCode(seq)).not.toThrow();
    }
  });
});
