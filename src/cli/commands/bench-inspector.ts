// The attention inspector's numbers for `npm run bench`, at the size the issue names: 200 source ×
// 300 target tokens, 8 heads, 3 layers (the seed model, lengths raised to fit). In the engine: a
// new pair (the teacher-forced pass) and a view of a pair already read. In Chromium: pressing
// Inspect → the view drawn, switching layer, head, kind and drawing, and the frame interval while
// the pointer moves over the code tokens of the graph and the cells of the heatmap.
import type { Page } from '@playwright/test';
import type { Studio } from '../../services/studio/studio-services';
import { codeToTokens } from '../../shared/tokenizer/python-sequence';
import type { Output } from '../output';
import { median, quantile, until, withBenchStudio, withStudioPage } from './bench-support';

export interface InspectorBenchOptions {
  repoRoot: string;
  chromium: string;
  repeats: number;
}

const SOURCE_TOKENS = 200; // 199 words + <eos>
const TARGET_TOKENS = 300; // 299 code tokens + <eos>
const SENTENCE = 'sort the list of numbers in descending order then print the first ten items with their index and skip every value that is negative';

/** 199 words: the sentence repeated, the last word varied so each repeat is a new pair. */
function promptOf(variant: number): string {
  const words: string[] = [];
  while (words.length < SOURCE_TOKENS - 1) words.push(...SENTENCE.split(' '));
  return [...words.slice(0, SOURCE_TOKENS - 2), `item${variant}`].join(' ');
}

/** Python of exactly TARGET_TOKENS - 1 tokens (without <eos>). */
function codeOfLength(tokens: number): string {
  const lines: string[] = [];
  const count = () => codeToTokens(lines.join('\n'), { splitStrings: true }).length;
  const block = ['for i in range(len(items)):', '    if items[i] < 0:', '        continue', '    print(i, items[i])'];
  while (count() + 16 < tokens) lines.push(...block);
  while (count() + 2 <= tokens) lines.push('x'); // a name and a NEWLINE
  if (count() < tokens) lines[lines.length - 1] = 'x,'; // one more token
  if (count() !== tokens) throw new Error(`bench: built ${count()} code tokens, wanted ${tokens}`);
  return lines.join('\n');
}

export function benchInspector(out: Output, options: InspectorBenchOptions): Promise<void> {
  return withBenchStudio(options.repoRoot, 'inspector', (studio) => measure(out, options, studio));
}

async function measure(out: Output, options: InspectorBenchOptions, studio: Studio): Promise<void> {
  const code = codeOfLength(TARGET_TOKENS - 1);
  // A few steps are enough: the time depends on the shapes, not on what the weights learned.
  const { runId } = await studio.handlers['runs:start']({
    datasetId: 'sample', preset: 'seed', name: 'inspector bench',
    overrides: { model: { maxSourceLength: SOURCE_TOKENS, maxTargetLength: TARGET_TOKENS }, batchSize: 4, maxSteps: 4, evalEvery: 4, evalSamples: 2, checkpointEvery: 4 },
  });
  await until(async () => (await studio.handlers['runs:list']({})).some((r) => r.id === runId && r.status === 'completed'), 20 * 60_000, 'the bench run');
  const ask = (variant: number, view: { kind: 'encoder' | 'decoder' | 'cross'; layer: number; head: number | 'mean' | 'rollout' }) =>
    studio.handlers['attention:inspect']({ runId, checkpoint: 'best', prompt: promptOf(variant), target: { code }, view });

  // 1. The engine, seen from the services: a new pair, then views of the same pair.
  const first = await ask(0, { kind: 'cross', layer: 0, head: 'mean' });
  const shape = `${first.source.length} source × ${first.targetOutputs.length} target tokens, ${first.heads} heads, ${first.layers} layers`;
  out.say(`\ninspector: ${shape} on ${studio.supervisor.status.backend}`);
  const timed = async (work: () => Promise<unknown>) => {
    const t = performance.now();
    await work();
    return performance.now() - t;
  };
  const newPair: number[] = [];
  const sameView: number[] = [];
  for (let i = 1; i <= options.repeats; i++) {
    newPair.push(await timed(() => ask(i, { kind: 'cross', layer: 0, head: 'mean' })));
    sameView.push(await timed(() => ask(i, { kind: 'decoder', layer: i % first.layers, head: i % first.heads })));
  }
  const rollout = await timed(() => ask(options.repeats, { kind: 'cross', layer: first.layers - 1, head: 'rollout' }));
  out.emit({ event: 'bench-inspector', part: 'engine', shape, newPairMs: median(newPair), viewMs: median(sameView), rolloutMs: rollout });
  out.say(`  engine: a new pair ${median(newPair).toFixed(0)} ms (the forward pass with every map), another view of it ${median(sameView).toFixed(0)} ms, cross rollout ${rollout.toFixed(0)} ms (medians of ${options.repeats})`);

  // 2. The page.
  const ui = await withStudioPage(studio, options.repoRoot, options.chromium, (page) => measurePage(page, options.repeats, code));
  if ('skipped' in ui) {
    out.say(`  UI not measured: ${ui.skipped}`);
    return;
  }
  out.emit({ event: 'bench-inspector', part: 'ui', shape, ...ui });
  const frames = (f: FrameNumbers) => `median ${f.median.toFixed(1)} ms, 95th percentile ${f.p95.toFixed(1)} ms, ${(f.slow * 100).toFixed(0)}% over 20 ms`;
  out.say(`  in Chromium, the graph with ${ui.lines.toLocaleString('en')} lines: Inspect → drawn ${ui.firstViewMs.toFixed(0)} ms (median of ${options.repeats} new pairs; target < 1000 ms); ` +
    `switching layer/head/kind ${ui.switchMs.toFixed(0)} ms; to the heatmap ${ui.heatmapMs.toFixed(0)} ms`);
  out.say(`  frames while hovering (idle page: ${frames(ui.idleFrames)}): graph ${frames(ui.graphFrames)}; heatmap ${frames(ui.heatmapFrames)} (target: each frame < 16.7 ms)`);
}

interface FrameNumbers {
  median: number;
  p95: number;
  slow: number;
}

interface PageNumbers {
  /** Lines in the token graph (the cap, with the threshold at 0). */
  lines: number;
  firstViewMs: number;
  switchMs: number;
  heatmapMs: number;
  idleFrames: FrameNumbers;
  graphFrames: FrameNumbers;
  heatmapFrames: FrameNumbers;
}

async function measurePage(page: Page, repeats: number, code: string): Promise<PageNumbers> {
  await page.keyboard.press('Control+5');
  const inspectNewPair = async (variant: number) => {
    await page.getByRole('button', { name: /Inspect a prompt and code of your own|Edit prompt and code/ }).click();
    await page.getByLabel('English description').fill(promptOf(variant));
    return drawnAfter(page, { click: 'form[aria-label="Your prompt and code"] button[type=submit]' });
  };
  await page.getByRole('button', { name: /Inspect a prompt and code of your own/ }).click();
  await page.locator('form[aria-label="Your prompt and code"] .monaco-editor').click();
  await page.keyboard.insertText(code);
  await inspectNewPair(99);
  // The worst case: every weight passes the threshold, and the graph draws as many lines as it ever does.
  await page.getByLabel('Edge threshold').fill('0');
  // Lines are drawn as one path per head and width: count their segments.
  const lines = await page.evaluate(() => [...document.querySelectorAll('svg[aria-label="Token graph"] .edges path')].reduce((n, p) => n + (p.getAttribute('d')?.split('M').length ?? 1) - 1, 0));
  const firstView: number[] = [];
  for (let i = 0; i < repeats; i++) firstView.push(await inspectNewPair(100 + i));
  const switches: number[] = [];
  for (const [label, value] of [['Layer', '2'], ['Head', '3'], ['Layer', '1'], ['Head', 'rollout'], ['Head', 'mean']]) {
    switches.push(await drawnAfter(page, { select: `select[aria-label="${label}"]`, value }));
  }
  for (const kind of ['decoder', 'encoder', 'cross']) switches.push(await drawnAfter(page, { click: '[aria-label="Attention kind"] button', text: kind }));
  const idleFrames = await frameIntervals(page, 'idle');
  const graphFrames = await frameIntervals(page, 'graph');
  const heatmapMs = await drawnAfter(page, { click: '[aria-label="Drawing"] button', text: 'Heatmap' }, 'canvas[aria-label="Attention heatmap"]');
  const heatmapFrames = await frameIntervals(page, 'heatmap');
  return { lines, firstViewMs: median(firstView), switchMs: median(switches), heatmapMs, idleFrames, graphFrames, heatmapFrames };
}

type PageAction = { click: string; text?: string } | { select: string; value: string };

/** Acts in the page and measures until the view is drawn: loaded, its element present, a frame painted. */
async function drawnAfter(page: Page, action: PageAction, selector = 'svg[aria-label="Token graph"]'): Promise<number> {
  return page.evaluate(async ({ action, selector }) => {
    const view = () => document.querySelector('[aria-label="Attention view"]');
    const started = performance.now();
    if ('click' in action) {
      const target = [...document.querySelectorAll<HTMLElement>(action.click)].find((e) => action.text === undefined || e.textContent?.trim() === action.text);
      if (!target) throw new Error(`bench: nothing to click at ${action.click} ${action.text ?? ''}`);
      target.click();
    } else {
      const select = document.querySelector<HTMLSelectElement>(action.select);
      if (!select) throw new Error(`bench: no ${action.select}`);
      select.value = action.value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        // A setTimeout queued from a frame callback runs after that frame is painted.
        if (view()?.getAttribute('aria-busy') === 'false' && document.querySelector(selector)) setTimeout(resolve, 0);
        else if (performance.now() - started > 60_000) {
          const alert = document.querySelector('[aria-label="Attention controls"] [role=alert]')?.textContent;
          reject(new Error(`bench: no ${selector} a minute after ${JSON.stringify(action)} (busy: ${view()?.getAttribute('aria-busy')}${alert ? `, error: ${alert}` : ''})`));
        } else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    return performance.now() - started;
  }, { action, selector });
}

/** Frame intervals while the pointer moves one token (graph) or one cell (heatmap) per frame, as a moving mouse does. */
async function frameIntervals(page: Page, over: 'idle' | 'graph' | 'heatmap'): Promise<FrameNumbers> {
  const intervals = await page.evaluate(async (over) => {
    const rows = [...document.querySelectorAll('svg[aria-label="Token graph"] g[data-row]')];
    const canvas = document.querySelector('canvas[aria-label="Attention heatmap"]') as HTMLCanvasElement | null;
    const box = canvas?.getBoundingClientRect();
    const moves = 240;
    const stamps: number[] = [];
    await new Promise<void>((resolve) => {
      let i = 0;
      const frame = (time: number) => {
        stamps.push(time);
        if (over === 'graph') {
          rows[i % rows.length].dispatchEvent(new MouseEvent('mouseenter'));
        } else if (over === 'heatmap' && canvas && box) {
          // Diagonally across the cells, then back.
          const f = (i % 120) / 120;
          canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: box.left + box.width * (0.1 + 0.8 * f), clientY: box.top + box.height * (0.1 + 0.8 * f), bubbles: true }));
        }
        if (++i > moves) resolve();
        else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    return stamps.slice(1).map((t, i) => t - stamps[i]);
  }, over);
  return { median: median(intervals), p95: quantile(intervals, 0.95), slow: intervals.filter((ms) => ms > 20).length / intervals.length };
}
