// Pretraining windows: whole logical lines from a line start, never below the starting depth, never
// ending on a block opener, within the token limit; lines too long for any window are counted.
import { describe, expect, it } from 'vitest';
import { cutWindows } from '../../../src/shared/corpus/code-windows';
import { sourceWindows } from '../../../src/shared/corpus/source-windows';
import { windowExample } from '../../../src/shared/corpus/window-example';
import { tokensToCode } from '../../../src/shared/tokenizer/python-detokenize';
import { codeToTokens, DEDENT_TOKEN, INDENT_TOKEN, NEWLINE_TOKEN } from '../../../src/shared/tokenizer/python-sequence';
import { BOS_ID, EOS_ID, PAD_ID, UNK_ID, Vocab } from '../../../src/shared/tokenizer/vocab';

const SOURCE = [
  'import os',
  'def f(x):',
  '    if x:',
  '        return os.sep',
  '    return x',
  'y = f(1)',
  'z = [y, y]',
  '',
].join('\n');
const tokens = () => codeToTokens(SOURCE, { splitStrings: false });

/** Depth a window reaches at each point; it must never go below 0 (its first line's level). */
function depths(window: readonly string[]): number[] {
  let depth = 0;
  return window.map((t) => (depth += t === INDENT_TOKEN ? 1 : t === DEDENT_TOKEN ? -1 : 0));
}

describe('cutWindows', () => {
  it('keeps a whole file in one window when it fits', () => {
    const all = tokens();
    const { windows, droppedLines } = cutWindows(all, 1000);
    expect(windows).toEqual([all]);
    expect(droppedLines).toBe(0);
  });

  it('cuts at logical lines, within the limit, never below the first line, never after a block opener', () => {
    for (const limit of [6, 8, 10, 14, 20, 30]) {
      const { windows } = cutWindows(tokens(), limit);
      expect(windows.length).toBeGreaterThan(1);
      for (const w of windows) {
        expect(w.length).toBeLessThanOrEqual(limit);
        expect(w[w.length - 1]).toBe(NEWLINE_TOKEN); // whole logical lines
        expect([INDENT_TOKEN, DEDENT_TOKEN]).not.toContain(w[0]); // starts at a line start
        expect(Math.min(...depths(w))).toBeGreaterThanOrEqual(0);
        expect(w.slice(-2, -1)).not.toEqual([':']); // a block opener always has a body
      }
    }
  });

  it('reads back as Python fragments, in file order, without overlap', () => {
    const code = (limit: number) => cutWindows(tokens(), limit).windows.map((w) => tokensToCode(w));
    // At 14 tokens `def f(x):` cannot keep a body line with it: it is left out, and the next window starts inside it.
    expect(code(14)).toEqual(['import os\n', 'if x:\n    return os.sep\nreturn x\n', 'y = f(1)\n', 'z = [y, y]\n']);
    expect(cutWindows(tokens(), 14).droppedLines).toBe(1);
    // A window ends where its block ends: `return x` (inside f) and `y = …` (outside) never share one unless it started outside.
    expect(code(20)).toEqual(['import os\n', 'def f(x):\n    if x:\n        return os.sep\n', 'return x\n', 'y = f(1)\nz = [y, y]\n']);
  });

  it('counts lines longer than any window and block openers whose body never fits, and goes on', () => {
    const long = `x = [${Array.from({ length: 30 }, (_, i) => i).join(', ')}]\ny = 1\n`;
    const cut = cutWindows(codeToTokens(long, { splitStrings: false }), 10);
    expect(cut.droppedLines).toBe(1);
    expect(cut.windows).toEqual([['y', '=', '1', NEWLINE_TOKEN]]);

    const opener = `def f():\n    return [${Array.from({ length: 30 }, (_, i) => i).join(', ')}]\nz = 2\n`;
    const cut2 = cutWindows(codeToTokens(opener, { splitStrings: false }), 10);
    expect(cut2.droppedLines).toBe(2); // the opener alone, then its too-long body
    expect(cut2.windows).toEqual([['z', '=', '2', NEWLINE_TOKEN]]);
  });
});

describe('sourceWindows', () => {
  it('reads a file like training code: no comments or docstrings, strings split when the run splits them', () => {
    const source = 'def g():\n    """Docs."""\n    # a comment\n    return "ab"\n';
    const cut = sourceWindows(source, { splitStrings: true, maxTokens: 100 });
    expect(cut.ok).toBe(true);
    if (!cut.ok) return;
    expect(cut.windows).toHaveLength(1);
    expect(cut.windows[0].join(' ')).not.toMatch(/Docs|comment/);
    expect(cut.windows[0]).toEqual(expect.arrayContaining(['<STR ">', 'a', 'b', '<STR_END>']));
  });

  it('gives a reason for a file that does not tokenize', () => {
    const cut = sourceWindows('x = "unterminated\n', { splitStrings: true, maxTokens: 100 });
    expect(cut).toMatchObject({ ok: false, reason: expect.stringMatching(/does not tokenize/) });
  });
});

describe('windowExample', () => {
  it('has an empty source and the window as target; unknown tokens are read as <unk> but not trained', () => {
    const vocab = Vocab.build([['x', '=', '1', NEWLINE_TOKEN]]);
    const { example, unknown } = windowExample(['x', '=', 'zebra', NEWLINE_TOKEN], vocab);
    expect(unknown).toBe(1);
    expect([...example.source]).toEqual([EOS_ID]);
    const ids = [BOS_ID, vocab.idOf('x'), vocab.idOf('='), UNK_ID, vocab.idOf(NEWLINE_TOKEN), EOS_ID];
    expect([...example.targetInput!]).toEqual(ids);
    expect([...example.target]).toEqual(ids.map((id) => (id === UNK_ID ? PAD_ID : id)));
    expect(windowExample(['x', '=', '1', NEWLINE_TOKEN], vocab).example.targetInput).toBeUndefined();
  });
});
