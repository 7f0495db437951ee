// Histogram mounted in jsdom: one bar per bin at heights in the counts' order, an open last bin
// labelled "≥ N", the summary and the screen-reader table, the hover tooltip, and every way of
// working the selection (click, click again, drag with d3-brush, arrows, Escape, double-click).
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Histogram from '../../../src/renderer/lib/charts/Histogram.svelte';
import type { HistogramBin } from '../../../src/shared/dataset/histogram-bins';

const BINS: HistogramBin[] = [
  { from: 0, to: 4, count: 10 },
  { from: 4, to: 8, count: 40 },
  { from: 8, to: 12, count: 25 },
  { from: 12, to: 16, count: 5 },
  { from: 16, to: Infinity, count: 20 },
];
// jsdom lays nothing out: the chart takes its default 480 px, less its 38 + 16 px margins, and
// draws the open bin as wide as the one before it, so x runs over 0–20 in 426 px.
const px = (value: number) => (value / 20) * (480 - 38 - 16);

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

function show(props: Partial<{ bins: HistogramBin[]; selected: [number, number] | null; label: string }> = {}) {
  const onselect = vi.fn<(range: [number, number] | null) => void>();
  component = mount(Histogram, { target, props: { bins: BINS, label: 'code tokens', selected: null, onselect, ...props } });
  flushSync();
  return onselect;
}

const group = () => target.querySelector<HTMLElement>('[role="group"]')!;
const overlay = () => target.querySelector('.pointer .overlay')!;

// d3-brush follows a drag on the event's view, and jsdom accepts only its own window object there
// (vitest's `window` is the global scope that mirrors it).
const view = (globalThis as unknown as { jsdom: { window: Window } }).jsdom.window;

function pointer(type: string, value: number, on: EventTarget = overlay()): void {
  on.dispatchEvent(new MouseEvent(type, { bubbles: true, clientX: px(value), clientY: 20, view }));
  flushSync();
}

function key(name: string): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true });
  group().dispatchEvent(event);
  return event;
}

describe('Histogram', () => {
  it('draws a bar per bin, as tall as its count, and labels the open bin "≥ N"', () => {
    show();
    const heights = [...target.querySelectorAll('rect.bar')].map((r) => Number(r.getAttribute('height')));
    expect(heights).toHaveLength(5);
    const byHeight = [0, 1, 2, 3, 4].sort((a, b) => heights[a] - heights[b]);
    expect(byHeight).toEqual([3, 0, 4, 2, 1]);
    expect(heights[1] / heights[0]).toBeCloseTo(4);
    const ticks = [...target.querySelectorAll('.tick text')].map((t) => t.textContent);
    expect(ticks).toContain('≥ 16');
    expect(ticks).toContain('4');
  });

  it('summarises the bins and the selection for screen readers, with a table of every bin', () => {
    show({ selected: [12, 16] });
    expect(group().getAttribute('aria-label')).toBe('Histogram of code tokens: 5 bins, 100 pairs; selected 12–16');
    expect(group().tabIndex).toBe(0);
    const rows = [...target.querySelectorAll('table.sr-only tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent));
    expect(rows).toEqual([
      ['0–4', '10', '10.0%'],
      ['4–8', '40', '40.0%'],
      ['8–12', '25', '25.0%'],
      ['12–16', '5', '5.0%'],
      ['≥ 16', '20', '20.0%'],
    ]);
  });

  it('names the bin under the pointer with its count and share', () => {
    show({ bins: [{ from: 12, to: 16, count: 1234 }, { from: 16, to: 20, count: 13_998 }] });
    // Here x runs over 12–20.
    overlay().dispatchEvent(new MouseEvent('pointermove', { bubbles: true, clientX: (426 * 2) / 8 }));
    flushSync();
    expect(target.querySelector('.tooltip')?.textContent).toBe('12–16 code tokens: 1,234 pairs (8.1%)');
    target.querySelector('.pointer')!.dispatchEvent(new MouseEvent('pointerleave'));
    flushSync();
    expect(target.querySelector('.tooltip')).toBeNull();
  });

  it('selects a clicked bin, and clears it when it is clicked again', () => {
    const onselect = show();
    pointer('click', 6);
    expect(onselect).toHaveBeenLastCalledWith([4, 8]);
    pointer('click', 18);
    expect(onselect).toHaveBeenLastCalledWith([16, Infinity]);
    unmount(component!);

    const again = show({ selected: [4, 8] });
    pointer('click', 5);
    expect(again).toHaveBeenLastCalledWith(null);
  });

  it('dims the bars outside the selection', () => {
    show({ selected: [4, 12] });
    const dim = [...target.querySelectorAll('rect.bar')].map((r) => r.classList.contains('dim'));
    expect(dim).toEqual([true, false, false, true, true]);
    expect(target.querySelector('rect.band')).not.toBeNull();
  });

  it('selects the bins a drag covers, snapped to their edges', () => {
    const onselect = show();
    pointer('mousedown', 5);
    pointer('mousemove', 9, view);
    pointer('mousemove', 13, view);
    pointer('mouseup', 13, view);
    expect(onselect).toHaveBeenCalledTimes(1);
    expect(onselect).toHaveBeenLastCalledWith([4, 16]);
    // The brush's own rectangle is gone: the bars show the selection.
    expect(target.querySelector('.pointer .selection')!.getAttribute('width')).toBeNull();
  });

  it('clears with Escape or a double-click, and leaves Escape alone with nothing selected', () => {
    const onselect = show({ selected: [8, 12] });
    expect(key('Escape').defaultPrevented).toBe(true);
    expect(onselect).toHaveBeenLastCalledWith(null);
    pointer('dblclick', 10);
    expect(onselect).toHaveBeenCalledTimes(2);
    expect(onselect).toHaveBeenLastCalledWith(null);
    unmount(component!);

    const idle = show();
    expect(key('Escape').defaultPrevented).toBe(false);
    expect(idle).not.toHaveBeenCalled();
  });

  it('moves a one-bin selection with the arrow keys, stopping at the ends', () => {
    const onselect = show({ selected: [4, 8] });
    key('ArrowRight');
    expect(onselect).toHaveBeenLastCalledWith([8, 12]);
    key('ArrowLeft');
    expect(onselect).toHaveBeenLastCalledWith([0, 4]);
    unmount(component!);

    const fresh = show();
    key('ArrowRight');
    expect(fresh).toHaveBeenLastCalledWith([0, 4]);
    unmount(component!);

    const end = show({ selected: [16, Infinity] });
    key('ArrowRight');
    expect(end).toHaveBeenLastCalledWith([16, Infinity]);
  });

  it('says so when there are no values', () => {
    show({ bins: [] });
    expect(target.textContent).toContain('No values');
    expect(group().getAttribute('aria-label')).toBe('Histogram of code tokens: 0 bins, 0 pairs');
  });
});
