// What the studio benches share: a studio on a throwaway data dir with a real engine, waiting for
// a condition, order statistics, and the real page in Chromium (skipped, with the reason, when
// Chromium, the built renderer or Playwright is missing).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { openDataDir } from '../../services/data-dir';
import { forkEngine } from '../../services/engine/fork-engine';
import { createStudio, type Studio } from '../../services/studio/studio-services';
import { startStudioServer } from '../../server/studio-server';

export const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] : NaN;
};
export const median = (values: readonly number[]): number => quantile(values, 0.5);

export async function until(condition: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A studio with its own engine on a temporary data dir, removed afterwards. */
export async function withBenchStudio<T>(repoRoot: string, prefix: string, use: (studio: Studio) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `code-studio-bench-${prefix}-`));
  const studio = createStudio({
    dataDir: await openDataDir(join(dir, 'data')), resourcesDir: join(repoRoot, 'resources'), spawnEngine: forkEngine(), mode: 'web', version: 'bench',
  });
  try {
    await until(() => studio.supervisor.status.state === 'ready', 120_000, 'the engine');
    return await use(studio);
  } finally {
    await studio.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

export type PageUse<T> = (page: Page, expect: typeof import('@playwright/test').expect) => Promise<T>;

/** The studio's page in Chromium (web mode), once the engine is ready; or why it cannot be opened. */
export async function withStudioPage<T>(studio: Studio, repoRoot: string, chromium: string, use: PageUse<T>): Promise<T | { skipped: string }> {
  if (!existsSync(chromium)) return { skipped: `no Chromium at ${chromium} (apt-get install -y chromium)` };
  const rendererDir = join(repoRoot, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) return { skipped: 'the renderer is not built (npm run build)' };
  let playwright: typeof import('@playwright/test');
  try {
    playwright = await import('@playwright/test');
  } catch {
    return { skipped: '@playwright/test is not installed (a dev dependency)' };
  }
  const token = 'bench'.padEnd(48, '0');
  const server = await startStudioServer({ studio, rendererDir, port: 0, token });
  let browser: Browser | null = null;
  try {
    browser = await playwright.chromium.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // The CLI runs through tsx, whose esbuild wraps named functions in __name(…): functions sent to
    // page.evaluate carry those calls into the page.
    await page.addInitScript('globalThis.__name = (f) => f');
    await page.goto(`${server.url.split('?')[0]}?token=${token}`);
    await page.getByText('engine ready').waitFor({ timeout: 60_000 });
    return await use(page, playwright.expect);
  } finally {
    await browser?.close();
    await server.close();
  }
}
