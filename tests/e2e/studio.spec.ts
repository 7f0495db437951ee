// The studio in Debian's Chromium against the web shell (started by playwright.config.ts on a
// fresh data directory).
import { test } from '@playwright/test';
import { E2E_TOKEN } from '../../playwright.config';
import { runStudioFlow } from './studio-flow';

test('web mode: first launch, quick run, live chart, pause/resume, runs list after reload', async ({ page }, testInfo) => {
  await page.goto(`/?token=${E2E_TOKEN}`);
  await runStudioFlow(page, testInfo, async () => {
    await page.reload();
  });
});

test('web mode refuses a page opened without the token, with a message saying why', async ({ page }) => {
  await page.goto('/');
  await test.expect(page.getByRole('heading', { name: 'This studio needs its access token' })).toBeVisible();
  await test.expect(page.getByRole('button', { name: 'Quick training run' })).toHaveCount(0);
});
