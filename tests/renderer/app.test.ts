// The whole renderer mounted in jsdom behind a fake preload bridge: the welcome panel on an
// empty list, the quick run started by its button, live steps drawn as a chart path, the crash
// banner, Ctrl+3 to the Runs table, and a delete confirmed in the dialog.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../src/renderer/App.svelte';
import type { RunListItem } from '../../src/shared/api/types';
import { FakeStudioClient, presetInfos, runDetail, runItem, settle, stepPoint, evaluation, samplesAt } from './fake-client';

let target: HTMLElement;
let app: Record<string, unknown> | null = null;
let client: FakeStudioClient;
let items: RunListItem[];

beforeEach(() => {
  // jsdom lays nothing out: give elements a width and a ResizeObserver so charts render.
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 720 });
  globalThis.ResizeObserver ??= class {
    constructor(private cb: ResizeObserverCallback) {}
    observe(el: Element) {
      this.cb([{ target: el, contentRect: { width: 720, height: 200 } } as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
    }
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  globalThis.requestAnimationFrame ??= ((cb: FrameRequestCallback) => setTimeout(() => cb(0), 16)) as unknown as typeof requestAnimationFrame;

  items = [];
  client = new FakeStudioClient();
  client
    .handle('app:info', () => ({ version: '0.1.0', mode: 'desktop', dataDir: '/tmp/x', engine: { state: 'ready', backend: 'wasm (SIMD, 1 thread)', activeRunId: null } }))
    .handle('runs:list', () => items)
    .handle('datasets:list', () => [{ id: 'sample', name: 'Sample', path: '/s', builtIn: true, pairs: 42 }])
    .handle('config:presets', () => presetInfos())
    .handle('runs:start', () => {
      items = [runItem({ id: 'quick', name: 'quick run', status: 'training' })];
      return { runId: 'quick' };
    })
    .handle('runs:get', ({ runId }) => runDetail(items.find((r) => r.id === runId)!))
    .handle('runs:delete', ({ runId }) => {
      items = items.filter((r) => r.id !== runId);
      return { ok: true };
    });
  (window as unknown as { studio: unknown }).studio = {
    version: '0.1.0',
    versions: { electron: '41', chrome: '146', node: '20' },
    platform: 'linux',
    invoke: (channel: string, args: unknown) => client.invoke(channel as never, args as never),
    on: (event: string, handler: (p: unknown) => void) => client.on(event as never, handler as never),
  };
  target = document.createElement('div');
  document.body.appendChild(target);
});

afterEach(() => {
  if (app) unmount(app);
  app = null;
  target.remove();
  delete (window as unknown as { studio?: unknown }).studio;
});

async function frame(): Promise<void> {
  // jsdom's requestAnimationFrame runs at 60 Hz; wait past one frame.
  await new Promise((r) => setTimeout(r, 40));
  await settle();
  flushSync();
}

function button(text: string): HTMLButtonElement {
  const found = [...target.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
  if (!found) throw new Error(`no button "${text}" in: ${[...target.querySelectorAll('button')].map((b) => b.textContent?.trim()).join(' | ')}`);
  return found;
}

describe('App', () => {
  it('welcomes, starts the quick run, draws live steps and shows the crash banner', async () => {
    app = mount(App, { target });
    await frame();
    expect(target.textContent).toContain('wasm (SIMD, 1 thread)');
    expect(target.textContent).toContain('a few minutes');
    button('Quick training run').click();
    await frame();
    expect(client.callsTo('runs:start')).toEqual([{ datasetId: 'sample', preset: 'tiny', quick: true }]);
    expect(target.textContent).toContain('quick run');
    expect(button('Pause')).toBeTruthy();

    client.emit('run:steps', { runId: 'quick', points: [stepPoint(1), stepPoint(2), stepPoint(3)] });
    client.emit('run:evaluation', { runId: 'quick', point: evaluation(3), samples: samplesAt(3) });
    await frame();
    const paths = [...target.querySelectorAll('svg path')].map((p) => p.getAttribute('d') ?? '');
    expect(paths.some((d) => d.startsWith('M') && d.split('L').length >= 3)).toBe(true);
    expect(target.textContent).toContain('3 / 300');
    expect(target.textContent).toContain('add two numbers');

    client.emit('engine:status', { state: 'crashed', backend: null, activeRunId: null });
    await frame();
    expect(target.querySelector('[role="alert"]')?.textContent).toContain('The engine stopped unexpectedly; it is restarting.');
    expect(button('Resume').disabled).toBe(true);
  });

  it('shows the run\'s phases in the run panel: pretraining with its bar, then the tuned reranker', async () => {
    items = [runItem({ id: 'r1', name: 'recipe run', status: 'training' })];
    app = mount(App, { target });
    await frame();
    client.emit('run:phase', {
      runId: 'r1',
      phases: { pretraining: { corpus: 'stdlib', status: 'running', step: 420, maxSteps: 1000, maxMinutes: null, elapsedMs: 168_000, loss: 3.21, heldOutLoss: { before: null, after: null } } },
    });
    await frame();
    expect(target.querySelector('[data-testid="run-phase-pretraining"]')?.textContent).toContain('Pretraining the decoder on stdlib: step 420 of 1,000 · loss 3.210 · 3m 52s left');
    expect(target.querySelector('[role="progressbar"][aria-label="Pretraining the decoder on stdlib"]')?.getAttribute('aria-valuenow')).toBe('42');
    expect(target.querySelector('[data-testid="run-eta"]')?.textContent).toContain('after pretraining');

    client.emit('run:phase', {
      runId: 'r1',
      phases: {
        pretraining: { corpus: 'stdlib', status: 'done', step: 1000, maxSteps: 1000, maxMinutes: null, elapsedMs: 400_000, loss: 2.9, heldOutLoss: { before: 7.1, after: 3.05 } },
        reranker: { status: 'done', done: 247, total: 247, elapsedMs: 61_000, logProbBleu: 24.5, bleu: 37.6, beamWidth: 8, reranked: true },
      },
    });
    await frame();
    expect(target.querySelector('[aria-label="Run phases"]')?.textContent).toContain('Reranker tuned: validation BLEU 24.5 → 37.6; the run now recommends beam 8, reranked');
    expect(target.querySelector('[role="progressbar"][aria-label="Pretraining the decoder on stdlib"]')).toBeNull();
  });

  it('goes to the Runs table with Ctrl+3 and deletes a run after confirming', async () => {
    items = [runItem({ id: 'r1', name: 'old run', status: 'completed' })];
    app = mount(App, { target });
    await frame();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '3', ctrlKey: true }));
    await frame();
    expect(target.querySelector('table')?.textContent).toContain('old run');
    button('Delete').click();
    await frame();
    expect(target.querySelector('dialog')?.textContent).toContain('“old run”');
    expect(client.callsTo('runs:delete')).toHaveLength(0);
    button('Delete run').click();
    await frame();
    expect(client.callsTo('runs:delete')).toEqual([{ runId: 'r1' }]);
    expect(target.textContent).toContain('No runs yet');
  });
});
