// Scrolling the pair browser over a large version in Chromium (web mode): frame intervals while
// the list scrolls steadily (a wheel held down) and while it jumps to far places (a dragged
// scrollbar), where every jump reads a new page of pairs. Target: no frame over 50 ms.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { NewPair } from '../../shared/dataset/versions';
import { streamDatasetFile } from '../../services/datasets/stream-dataset-file';
import type { Output } from '../output';
import { writeSyntheticCsv } from './bench-datasets-csv';
import { median, quantile, withBenchStudio, withStudioPage } from './bench-support';

export interface ScrollNumbers {
  pairs: number;
  steadyMax: number;
  steadyP95: number;
  jumpMax: number;
  jumpP95: number;
  framesOver50: number;
  searchMedian?: number;
  searchP95?: number;
}

export async function benchDatasetScroll(out: Output, options: { repoRoot: string; chromium: string; pairs: number }): Promise<ScrollNumbers | { skipped: string }> {
  return withBenchStudio(options.repoRoot, 'datasets-scroll', async (studio) => {
    const dir = await mkdtemp(join(tmpdir(), 'code-studio-bench-scroll-'));
    try {
      const csv = join(dir, 'mined-like.csv');
      await writeSyntheticCsv(csv, options.pairs);
      const stream = streamDatasetFile(csv);
      const pairs = async function* (): AsyncGenerator<NewPair> {
        for await (const batch of stream.batches) for (const p of batch) yield { description: p.description, code: p.code, source: p.source };
      };
      await (await studio.datasets.store()).importDataset('mined-like.csv', pairs());
      const result = await withStudioPage(studio, options.repoRoot, options.chromium, async (page) => {
        await page.keyboard.press('Control+1');
        await page.locator('.row').first().waitFor({ timeout: 60_000 });
        const steady = await scrollFrames(page, 'steady');
        const jumps = await scrollFrames(page, 'jump');
        const typing = await keystrokeToList(page);
        return { steady, jumps, typing };
      });
      if ('skipped' in result) {
        out.say(`datasets: scrolling not measured: ${result.skipped}`);
        return result;
      }
      const all = [...result.steady, ...result.jumps];
      const numbers: ScrollNumbers = {
        pairs: options.pairs,
        steadyMax: Math.max(...result.steady), steadyP95: quantile(result.steady, 0.95),
        jumpMax: Math.max(...result.jumps), jumpP95: quantile(result.jumps, 0.95),
        framesOver50: all.filter((ms) => ms > 50).length,
      };
      numbers.searchMedian = median(result.typing);
      numbers.searchP95 = quantile(result.typing, 0.95);
      out.say(`datasets: search in the browser, keystroke to updated list (${result.typing.length} keystrokes, HTTP + render included): median ${numbers.searchMedian.toFixed(0)} ms, p95 ${numbers.searchP95.toFixed(0)} ms (target ≤ 50 ms)`);
      out.say(
        `datasets: scrolling ${options.pairs.toLocaleString('en')} pairs in Chromium: steady median ${median(result.steady).toFixed(1)} ms, p95 ${numbers.steadyP95.toFixed(1)} ms, ` +
          `max ${numbers.steadyMax.toFixed(1)} ms; jumping to far rows p95 ${numbers.jumpP95.toFixed(1)} ms, max ${numbers.jumpMax.toFixed(1)} ms; ` +
          `${numbers.framesOver50} of ${all.length} frames over 50 ms (target: none)`,
      );
      return numbers;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

const TYPED = ['sort', 'list', 'dict', 'string', 'file', 'number', 'print', 'json', 'split', 'remove'];

/**
 * Milliseconds from a keystroke in the search box to the list showing its answer (the count line
 * changes and a frame is painted), each query typed letter by letter as a person does.
 */
async function keystrokeToList(page: Page): Promise<number[]> {
  const search = page.getByRole('searchbox', { name: 'Search pairs' });
  const times: number[] = [];
  for (const word of TYPED) {
    await search.fill('');
    await page.waitForTimeout(300);
    for (let n = 1; n <= word.length; n++) {
      times.push(await page.evaluate(async (text) => {
        const input = document.querySelector('input[aria-label="Search pairs"]') as HTMLInputElement;
        const status = document.querySelector('.count[role="status"]')!;
        const started = performance.now();
        await new Promise<void>((resolve) => {
          // The line says "Searching…" while the request is out, then the new count (which may read as before).
          let asked = false;
          const observer = new MutationObserver(() => {
            if (status.textContent === 'Searching…') asked = true;
            if (!asked || status.textContent === 'Searching…') return;
            observer.disconnect();
            requestAnimationFrame(() => setTimeout(resolve, 0)); // painted
          });
          observer.observe(status, { childList: true, characterData: true, subtree: true });
          input.value = text;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        });
        return performance.now() - started;
      }, word.slice(0, n)));
    }
  }
  return times;
}

/** Frame intervals while the list scrolls by 3 rows a frame (steady) or jumps somewhere far every 8th frame. */
async function scrollFrames(page: Page, how: 'steady' | 'jump'): Promise<number[]> {
  return page.evaluate(async (how) => {
    const list = document.querySelector('[role="listbox"][aria-label="Pairs"]')!;
    const scroller = [list, ...list.querySelectorAll('div')].find((el) => el.scrollHeight > el.clientHeight + 10) as HTMLElement;
    const frames = 300;
    const stamps: number[] = [];
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    await new Promise<void>((resolve) => {
      let i = 0;
      const frame = (time: number) => {
        stamps.push(time);
        if (how === 'steady') scroller.scrollTop += 288;
        else if (i % 8 === 0) scroller.scrollTop = random() * (scroller.scrollHeight - scroller.clientHeight);
        if (++i > frames) resolve();
        else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    return stamps.slice(1).map((t, i) => t - stamps[i]);
  }, how);
}
