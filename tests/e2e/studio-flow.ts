// The path every studio user takes first, shared by the browser (web mode) and Electron specs:
// the app opens on the sample, a quick run starts, the loss chart gains points, the run pauses and
// resumes, and after a reload it is in the runs list. Screenshots of each view become artifacts.
import { expect, type Page, type TestInfo } from '@playwright/test';

const progress = (page: Page) => page.getByRole('progressbar', { name: 'Training progress' });

async function currentStep(page: Page): Promise<number> {
  return Number(await progress(page).getAttribute('aria-valuenow'));
}

async function lossPointCount(page: Page): Promise<number> {
  // The training-loss line of the Loss chart: its path has one vertex per drawn point.
  return page.locator('figure[aria-label="Loss"] path').evaluateAll((paths) =>
    Math.max(0, ...paths.map((p) => (p.getAttribute('d') ?? '').split(/[ML]/).length - 1)),
  );
}

/** Saves a screenshot of the current view as a file in the test's output folder and attaches it. */
export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(name);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

export async function runStudioFlow(page: Page, testInfo: TestInfo, reload: () => Promise<void>): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  // First launch: the welcome panel on the built-in sample, the engine and its backend visible.
  await expect(page.getByRole('button', { name: 'Quick training run' })).toBeVisible();
  await expect(page.getByText('engine ready')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByLabel('Backend')).not.toBeEmpty();
  await expect(page.getByRole('combobox').first()).toContainText('Built-in sample');
  await shot(page, testInfo, 'welcome.png');

  // A quick run starts and its loss chart gains points.
  await page.getByRole('button', { name: 'Quick training run' }).click();
  await expect(progress(page)).toBeVisible({ timeout: 90_000 });
  await expect.poll(() => currentStep(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(5);
  const pointsBefore = await lossPointCount(page);
  await expect.poll(() => lossPointCount(page), { timeout: 60_000 }).toBeGreaterThan(pointsBefore);
  await shot(page, testInfo, 'training.png');

  // Pause: training stops at a checkpoint; Resume: it continues from the next step.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible({ timeout: 60_000 });
  const pausedAt = await currentStep(page);
  await page.waitForTimeout(1500);
  expect(await currentStep(page)).toBe(pausedAt);
  await shot(page, testInfo, 'paused.png');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => currentStep(page), { timeout: 90_000 }).toBeGreaterThan(pausedAt + 2);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible({ timeout: 60_000 });

  // After a reload the run is listed, with its status and steps.
  await reload();
  await page.keyboard.press('Control+3');
  const row = page.getByRole('row').filter({ hasText: 'Quick run' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('paused');
  await shot(page, testInfo, 'runs.png');

  // Its charts come back from disk.
  await row.getByRole('button', { name: /Quick run/ }).click();
  await expect.poll(() => lossPointCount(page), { timeout: 30_000 }).toBeGreaterThan(5);
  await shot(page, testInfo, 'run-detail.png');
  expect(errors).toEqual([]);
}
