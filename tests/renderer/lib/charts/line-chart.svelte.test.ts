// LineChart mounted in jsdom: a curve streamed point by point from its very first point (one
// point plus its smoothed copy once broke the axis ticks), the legend, the hover tooltip with the
// step and every series' value, and the log axis leaving out values it cannot show.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChartSeries } from '../../../../src/renderer/lib/charts/chart-data';
import { emaSmooth } from '../../../../src/renderer/lib/charts/ema';
import LineChart from '../../../../src/renderer/lib/charts/LineChart.svelte';

let target: HTMLElement;
let component: Record<string, unknown> | null = null;

beforeEach(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 600 });
  globalThis.ResizeObserver ??= class {
    constructor(private cb: ResizeObserverCallback) {}
    observe(el: Element) {
      this.cb([{ target: el, contentRect: { width: 600, height: 200 } } as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
    }
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  target = document.createElement('div');
  document.body.appendChild(target);
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  target.remove();
});

function losses(n: number): number[] {
  return Array.from({ length: n }, (_, i) => 7.043195724487305 / (1 + i / 20) + 0.1 * Math.sin(i));
}

function curves(values: number[]): ChartSeries[] {
  const smooth = emaSmooth(values, 0.6);
  return [
    { id: 'raw', label: 'raw', color: '#888', quiet: true, points: values.map((y, i) => ({ x: i + 1, y })) },
    { id: 'train', label: 'training loss', color: '#00f', points: smooth.map((y, i) => ({ x: i + 1, y })) },
    { id: 'val', label: 'validation loss', color: '#f80', markers: true, points: values.length >= 30 ? [{ x: 30, y: 3 }] : [] },
  ];
}

describe('LineChart', () => {
  it('draws a curve streamed from its first point, with unique ticks all along', () => {
    const props = $state({ series: curves([]), title: 'Loss' });
    component = mount(LineChart, { target, props });
    flushSync();
    expect(target.textContent).toContain('No data yet');
    const all = losses(60);
    for (let n = 1; n <= all.length; n++) {
      props.series = curves(all.slice(0, n));
      flushSync();
      const labels = [...target.querySelectorAll('.tick text')].map((t) => t.textContent);
      expect(labels.length).toBeGreaterThan(2);
    }
    const d = [...target.querySelectorAll('path')].map((p) => p.getAttribute('d') ?? '');
    expect(d.filter((x) => x.split('L').length >= 59)).toHaveLength(2);
    expect(target.querySelectorAll('circle').length).toBe(1);
    expect([...target.querySelectorAll('.legend li')].map((li) => li.textContent?.trim())).toEqual(['training loss', 'validation loss']);
  });

  it('shows the step and each series value under the pointer', () => {
    component = mount(LineChart, { target, props: { series: curves(losses(100)), title: 'Loss' } });
    flushSync();
    const overlay = target.querySelector('rect.overlay')!;
    // jsdom's bounding boxes are at 0, so clientX is the x inside the plot.
    overlay.dispatchEvent(new MouseEvent('pointermove', { bubbles: true, clientX: Math.round((29 / 99) * (600 - 54 - 14)) }));
    flushSync();
    const tip = target.querySelector('.tooltip');
    expect(tip).not.toBeNull();
    expect(tip!.textContent).toMatch(/step 30/);
    expect(tip!.textContent).toContain('training loss');
    expect(tip!.textContent).toContain('validation loss');
    overlay.dispatchEvent(new MouseEvent('pointerleave', { bubbles: false }));
    flushSync();
    expect(target.querySelector('.tooltip')).toBeNull();
  });

  it('leaves zero and negative values out of a log axis', () => {
    const series: ChartSeries[] = [{ id: 's', label: 's', color: '#000', points: [{ x: 1, y: 0 }, { x: 2, y: 10 }, { x: 3, y: 1 }, { x: 4, y: -2 }, { x: 5, y: 0.1 }] }];
    component = mount(LineChart, { target, props: { series, log: true } });
    flushSync();
    const d = target.querySelector('g[clip-path] path')!.getAttribute('d')!;
    // Three drawable points, split where the undefined ones are: no NaN in the path.
    expect(d).not.toContain('NaN');
    expect(d.match(/M/g)!.length).toBe(2);
  });
});
