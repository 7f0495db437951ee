// Source transforms for dataset cleaning: comment and docstring removal, re-indentation of
// any tab/space mixture to 4 spaces, tab expansion; strings must come out untouched and
// untokenizable code must come back unchanged with an error.
import { describe, expect, it } from 'vitest';
import { expandTabs, reindent, removeCommentsAndDocstrings } from '../../../src/shared/tokenizer/python-source';
import { codeToTokens } from '../../../src/shared/tokenizer/python-sequence';

describe('removeCommentsAndDocstrings', () => {
  it('drops comment-only lines and trailing comments, not # inside strings', () => {
    const r = removeCommentsAndDocstrings("# head\nx = '# keep'  # drop\n    # indented\ny = 2\n");
    expect(r).toEqual({ code: "x = '# keep'\ny = 2\n", changed: true });
  });

  it('drops module, def, class and async def docstrings', () => {
    const code = [
      '"""Module doc."""',
      'import os',
      'class A:',
      "    '''Class doc",
      "    on two lines.'''",
      '    x = 1',
      '    async def f(self):',
      '        r"""raw doc"""  # with a comment',
      '        return self.x',
      '',
    ].join('\n');
    expect(removeCommentsAndDocstrings(code).code).toBe(
      ['import os', 'class A:', '    x = 1', '    async def f(self):', '        return self.x', ''].join('\n'),
    );
  });

  it('inserts pass where the docstring was the whole body', () => {
    expect(removeCommentsAndDocstrings('def f():\n    """Only doc."""\n\nx = 1\n').code).toBe('def f():\n    pass\n\nx = 1\n');
    expect(removeCommentsAndDocstrings('class E(Exception): "doc"\n').code).toBe('class E(Exception): pass\n');
    expect(removeCommentsAndDocstrings('def f():\n    "doc"\n    # trailing comment\n').code).toBe('def f():\n    pass\n');
  });

  it('handles a docstring followed by a statement on the same line', () => {
    expect(removeCommentsAndDocstrings('def f(): "doc"; return 1\n').code).toBe('def f(): return 1\n');
  });

  it('keeps strings that are not docstrings', () => {
    const code = 'def f():\n    x = "not doc"\n    "second statement string"\n    return f"{x}"\nprint("a")\n';
    expect(removeCommentsAndDocstrings(code)).toEqual({ code, changed: false });
    expect(removeCommentsAndDocstrings('def f():\n    f"not a docstring"\n').changed).toBe(false);
  });

  it('keeps the token sequence apart from the removed parts', () => {
    const code = 'def f(a):  # c\n    """d"""\n    return a\n';
    expect(codeToTokens(removeCommentsAndDocstrings(code).code, { splitStrings: false })).toEqual(
      codeToTokens('def f(a):\n    return a\n', { splitStrings: false }),
    );
  });

  it('returns untokenizable input unchanged with an error', () => {
    const r = removeCommentsAndDocstrings('x = "open # not a comment\n');
    expect(r.code).toBe('x = "open # not a comment\n');
    expect(r.changed).toBe(false);
    expect(r.error).toMatch(/unterminated string literal.*line 1/);
  });
});

describe('reindent', () => {
  it('re-indents 2-, 3- and 7-space code to 4 spaces', () => {
    expect(reindent('if a:\n  b\n  if c:\n    d\n').code).toBe('if a:\n    b\n    if c:\n        d\n');
    expect(reindent('for i in x:\n   if i:\n      y\n   z\n').code).toBe('for i in x:\n    if i:\n        y\n    z\n');
    expect(reindent('while 1:\n       break\n').code).toBe('while 1:\n    break\n');
  });

  it('uses the requested unit', () => {
    expect(reindent('if a:\n    b\n', 2).code).toBe('if a:\n  b\n');
  });

  it('reports unchanged for code already indented with the unit', () => {
    expect(reindent('def f():\n    return 1\n')).toEqual({ code: 'def f():\n    return 1\n', changed: false });
  });

  it('reads tabs, and resolves a tab/space mixture that CPython rejects (TabError) by trying tab = 4', () => {
    expect(reindent('def f():\n\tx = 1\n\tif x:\n\t\treturn x\n').code).toBe('def f():\n    x = 1\n    if x:\n        return x\n');
    // Line 3 (a tab) is column 8 with tab = 8, an unexpected indent, but column 4 with tab = 4; line 4
    // (4 spaces + a tab) is column 8 either way. Only tab = 4 gives a consistent block structure.
    const mixed = 'def g(v):\n    n = 0\n\tfor i in v:\n    \tn += i\n    return n\n';
    expect(reindent(mixed).code).toBe('def g(v):\n    n = 0\n    for i in v:\n        n += i\n    return n\n');
  });

  it('shifts continuation lines by the delta of their logical line, and leaves string lines alone', () => {
    const code = 'def f():\n  x = [1,\n       2]\n  s = """\n  inner\n"""\n  return x\n';
    expect(reindent(code).code).toBe('def f():\n    x = [1,\n         2]\n    s = """\n  inner\n"""\n    return x\n');
  });

  it('puts comment-only lines at the level of the next code line and empties blank lines', () => {
    expect(reindent('if a:\n  # c\n  b\n  \n').code).toBe('if a:\n    # c\n    b\n\n');
  });

  it('repairs a first line that is indented and a dedent to no known level', () => {
    expect(reindent('  x = 1\n  if x:\n      y\n    z\n').code).toBe('x = 1\nif x:\n    y\nz\n');
  });

  it('only guesses a missing block body when asked to', () => {
    const flat = 'for x in a:\nprint(x)\n';
    expect(reindent(flat).code).toBe(flat);
    expect(reindent(flat, 4, { guessBlockBodies: true }).code).toBe('for x in a:\n    print(x)\n');
  });

  it('returns an error instead of guessing when repair is off', () => {
    const r = reindent('if a:\n    b\n  c\n', 4, { repair: false });
    expect(r.changed).toBe(false);
    expect(r.error).toMatch(/line 3: unindent does not match/);
  });

  it('keeps CRLF line ends', () => {
    expect(reindent('if a:\r\n  b\r\n').code).toBe('if a:\r\n    b\r\n');
  });

  it('returns untokenizable input unchanged with an error', () => {
    const r = reindent("if a:\n  s = '''never closed\n");
    expect(r.changed).toBe(false);
    expect(r.error).toMatch(/unterminated triple-quoted string/);
    expect(reindent('x = 1', 0).error).toMatch(/unit must be a positive integer/);
  });
});

describe('expandTabs', () => {
  it('expands indentation tabs to the next multiple of 8 and leaves tabs in strings', () => {
    const code = "if a:\n\tb = '\t'\n\tc = '''\n\tin string'''\n  \td = 1\n";
    expect(expandTabs(code)).toEqual({
      code: "if a:\n        b = '\t'\n        c = '''\n\tin string'''\n        d = 1\n",
      changed: true,
    });
  });

  it('takes another tab size and reports no change without tabs', () => {
    expect(expandTabs('if a:\n\tb\n', 4).code).toBe('if a:\n    b\n');
    expect(expandTabs('x = 1\n').changed).toBe(false);
  });
});
