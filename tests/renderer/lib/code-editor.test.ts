// The code editor's pure helpers (span lookup, minimal edits for streaming, marker ranges, token
// labels) and the probability strip mounted in jsdom (cells, colours' classes, keyboard and
// click selection). CodeEditor itself needs a real browser (Monaco measures fonts and layout);
// it is checked in Chromium.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ProbabilityStrip from '../../../src/renderer/lib/code-editor/ProbabilityStrip.svelte';
import {
  confidenceOf,
  displayToken,
  formatProbability,
  markerRange,
  spanAt,
  spanByIndex,
  textEdit,
  type TokenSpan,
} from '../../../src/renderer/lib/code-editor/token-spans';

function spansOf(tokens: string[]): TokenSpan[] {
  let at = 0;
  return tokens.map((text, index) => {
    const span = { index, from: at, to: at + text.length, probability: 0.5 };
    at += text.length;
    return span;
  });
}

describe('spanAt', () => {
  const spans = spansOf(['def', ' f', '(', '):', '\n    ', 'pass']);

  it('finds the span containing each offset (from inclusive, to exclusive)', () => {
    const text = 'def f():\n    pass';
    for (let offset = 0; offset < text.length; offset++) {
      const span = spanAt(spans, offset);
      expect(span).not.toBeNull();
      expect(span!.from <= offset && offset < span!.to).toBe(true);
    }
    expect(spanAt(spans, 0)?.index).toBe(0);
    expect(spanAt(spans, 3)?.index).toBe(1);
    expect(spanAt(spans, text.length - 1)?.index).toBe(5);
  });

  it('returns null outside every span and in gaps', () => {
    expect(spanAt(spans, -1)).toBeNull();
    expect(spanAt(spans, 17)).toBeNull();
    expect(spanAt([], 0)).toBeNull();
    const gappy: TokenSpan[] = [
      { index: 0, from: 0, to: 2, probability: 1 },
      { index: 1, from: 5, to: 6, probability: 1 },
    ];
    expect(spanAt(gappy, 3)).toBeNull();
    expect(spanAt(gappy, 5)?.index).toBe(1);
  });

  it('agrees with a linear scan on many spans', () => {
    const many = spansOf(Array.from({ length: 500 }, (_, i) => 'x'.repeat((i % 4) + 1)));
    const end = many.at(-1)!.to;
    for (let offset = 0; offset < end; offset += 7) {
      expect(spanAt(many, offset)).toBe(many.find((s) => s.from <= offset && offset < s.to));
    }
  });

  it('spanByIndex finds by token index, also when indices do not match positions', () => {
    expect(spanByIndex(spans, 4)?.from).toBe(8);
    const shifted = spans.slice(2);
    expect(spanByIndex(shifted, 4)?.from).toBe(8);
    expect(spanByIndex(shifted, 0)).toBeNull();
  });
});

describe('confidenceOf', () => {
  it('uses the 0.5 and 0.2 thresholds', () => {
    expect(confidenceOf(0.9)).toBe('high');
    expect(confidenceOf(0.5)).toBe('high');
    expect(confidenceOf(0.49)).toBe('low');
    expect(confidenceOf(0.2)).toBe('low');
    expect(confidenceOf(0.19)).toBe('very-low');
  });
});

describe('textEdit', () => {
  function apply(before: string, after: string): string {
    const edit = textEdit(before, after);
    return edit ? before.slice(0, edit.from) + edit.text + before.slice(edit.to) : before;
  }

  it('appending a token is an insertion at the end', () => {
    expect(textEdit('print(', 'print(x')).toEqual({ from: 6, to: 6, text: 'x' });
    expect(textEdit('', 'def')).toEqual({ from: 0, to: 0, text: 'def' });
  });

  it('is null for equal texts', () => {
    expect(textEdit('a', 'a')).toBeNull();
  });

  it('keeps the common prefix and suffix', () => {
    expect(textEdit('x = 1\ny = 2', 'x = 10\ny = 2')).toEqual({ from: 5, to: 5, text: '0' });
    expect(textEdit('abc', '')).toEqual({ from: 0, to: 3, text: '' });
    expect(textEdit('abab', 'ab')).toEqual({ from: 2, to: 4, text: '' });
  });

  it('never splits a surrogate pair', () => {
    const edit = textEdit('a😀', 'a😃');
    expect(edit).toEqual({ from: 1, to: 3, text: '😃' });
  });

  it('always reproduces the new text', () => {
    const texts = ['', 'a', 'ab', 'abc', 'print(x)', 'print(y)', 'xx', 'print(x)\n', '😀', 'a😀b'];
    for (const before of texts) for (const after of texts) expect(apply(before, after)).toBe(after);
  });
});

describe('markerRange', () => {
  const lines = ['def f(:', '    pass', ''];
  const max = (line: number) => lines[line - 1].length + 1;

  it('keeps a full range as given', () => {
    expect(markerRange({ line: 1, column: 6, endLine: 1, endColumn: 8, message: 'x' }, 3, max)).toEqual({
      startLineNumber: 1,
      startColumn: 6,
      endLineNumber: 1,
      endColumn: 8,
    });
  });

  it('gives a position without an end one character', () => {
    expect(markerRange({ line: 1, column: 7, message: 'x' }, 3, max)).toEqual({ startLineNumber: 1, startColumn: 7, endLineNumber: 1, endColumn: 8 });
  });

  it('at the end of a line covers the character before', () => {
    expect(markerRange({ line: 2, column: 9, message: 'x' }, 3, max)).toEqual({ startLineNumber: 2, startColumn: 8, endLineNumber: 2, endColumn: 9 });
  });

  it('clamps lines and columns past the text (CPython reports EOF errors after the last line)', () => {
    expect(markerRange({ line: 9, column: 40, message: 'x' }, 3, max)).toEqual({ startLineNumber: 3, startColumn: 1, endLineNumber: 3, endColumn: 1 });
    expect(markerRange({ line: 1, column: 99, endLine: 7, endColumn: 99, message: 'x' }, 3, max)).toEqual({
      startLineNumber: 1,
      startColumn: 8,
      endLineNumber: 3,
      endColumn: 1,
    });
    expect(markerRange({ line: 0, column: 0, message: 'x' }, 3, max)).toEqual({ startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 2 });
  });

  it('turns a backwards range into one character', () => {
    expect(markerRange({ line: 2, column: 5, endLine: 1, endColumn: 1, message: 'x' }, 3, max)).toEqual({
      startLineNumber: 2,
      startColumn: 5,
      endLineNumber: 2,
      endColumn: 6,
    });
  });
});

describe('token labels', () => {
  it('makes whitespace visible', () => {
    expect(displayToken('\n    ')).toBe('⏎␣␣␣␣');
    expect(displayToken(' print')).toBe('␣print');
    expect(displayToken('a b')).toBe('a b');
    expect(displayToken('\t')).toBe('⇥');
    expect(displayToken('')).toBe('∅');
  });

  it('formats probabilities', () => {
    expect(formatProbability(0.921)).toBe('92.1%');
    expect(formatProbability(0.05)).toBe('5.0%');
    expect(formatProbability(0.99999)).toBe('>99.9%');
    expect(formatProbability(Number.NaN)).toBe('—');
  });
});

describe('ProbabilityStrip', () => {
  let target: HTMLElement;
  let component: Record<string, unknown> | null = null;

  beforeEach(() => {
    target = document.createElement('div');
    document.body.appendChild(target);
  });

  afterEach(() => {
    if (component) unmount(component);
    component = null;
    target.remove();
  });

  const tokens = [
    { text: 'print', probability: 0.92 },
    { text: '(', probability: 0.35 },
    { text: ' x', probability: 0.1 },
    { text: ')', probability: 0.99 },
  ];

  function key(k: string): KeyboardEvent {
    return new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true });
  }

  it('draws one labelled cell per token, marking doubtful ones', () => {
    component = mount(ProbabilityStrip, { target, props: { tokens, selected: 2, onselect: () => {} } });
    flushSync();
    const cells = [...target.querySelectorAll<HTMLElement>('[role=option]')];
    expect(cells.map((c) => c.getAttribute('aria-label'))).toEqual(['print 92.0%', '( 35.0%', '␣x 10.0%', ') 99.0%']);
    expect(cells.map((c) => c.title)).toEqual(cells.map((c) => c.getAttribute('aria-label')));
    expect(cells.map((c) => [...c.classList].filter((k) => ['high', 'low', 'very-low'].includes(k))[0])).toEqual(['high', 'low', 'very-low', 'high']);
    expect(cells.map((c) => c.getAttribute('aria-selected'))).toEqual(['false', 'false', 'true', 'false']);
    expect(cells[0].style.backgroundColor).not.toBe(cells[2].style.backgroundColor);
    const strip = target.querySelector<HTMLElement>('[role=listbox]')!;
    expect(strip.getAttribute('aria-activedescendant')).toBe(cells[2].id);
  });

  it('moves the selection with the arrow keys, Home and End, and selects with Enter', () => {
    const chosen: number[] = [];
    component = mount(ProbabilityStrip, { target, props: { tokens, selected: 1, onselect: (i: number) => chosen.push(i) } });
    flushSync();
    const strip = target.querySelector<HTMLElement>('[role=listbox]')!;
    expect(strip.tabIndex).toBe(0);
    for (const k of ['ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowUp', 'End', 'Home', 'Enter']) {
      const event = key(k);
      strip.dispatchEvent(event);
      expect(event.defaultPrevented).toBe(true);
    }
    // The keyboard moves from its own cell, whether or not the parent updates `selected`.
    expect(chosen).toEqual([2, 1, 2, 1, 3, 0, 0]);
    const other = key('a');
    strip.dispatchEvent(other);
    expect(other.defaultPrevented).toBe(false);
  });

  it('with nothing selected the first arrow selects the first cell; clicks select their cell', () => {
    const chosen: number[] = [];
    component = mount(ProbabilityStrip, { target, props: { tokens, selected: null, onselect: (i: number) => chosen.push(i) } });
    flushSync();
    const strip = target.querySelector<HTMLElement>('[role=listbox]')!;
    strip.dispatchEvent(key('ArrowRight'));
    target.querySelectorAll<HTMLElement>('[role=option]')[3].click();
    expect(chosen).toEqual([0, 3]);
  });

  it('an empty strip is not focusable and ignores keys', () => {
    const chosen: number[] = [];
    component = mount(ProbabilityStrip, { target, props: { tokens: [], selected: null, onselect: (i: number) => chosen.push(i) } });
    flushSync();
    const strip = target.querySelector<HTMLElement>('[role=listbox]')!;
    expect(strip.tabIndex).toBe(-1);
    strip.dispatchEvent(key('ArrowRight'));
    expect(chosen).toEqual([]);
  });
});
