// Dataset curation in Chromium against the web shell: import a file the test writes (duplicates,
// tab indentation, a broken snippet, a row without code), see each problem reported, clean with a
// diff preview, edit a pair with the syntax check, undo, split by question, export the version
// (downloaded, JSON lines and CSV), train on the result, and find the version in the runs list.
// Screenshots of each step are attached.
import { readFile, writeFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { DATASETS_URL, E2E_TOKEN } from '../../playwright.config';
import { shot } from './studio-flow';

const csvField = (text: string) => `"${text.replaceAll('"', '""')}"`;

function messyCsv(): string {
  const rows: string[][] = [];
  for (let i = 0; i < 40; i++) rows.push([`add ${i} to the total`, `total += ${i}`, String(100 + (i >> 1))]);
  rows.push(['add 3 to the total', 'total += 3', '101']); // an exact duplicate of row 4
  rows.push(['print the items of a list', 'for item in items:\n\tprint(item)', '200']); // tab indentation
  rows.push(['a broken function', 'def f(:\n    return 1', '201']); // does not parse
  const lines = ['intent,snippet,question_id', ...rows.map((r) => r.map(csvField).join(','))];
  lines.splice(10, 0, 'a row with no code'); // line 11: too few fields
  return lines.join('\n') + '\n';
}

test('datasets: import, report, clean, edit, undo, split, train on the version', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const file = testInfo.outputPath('messy-pairs.csv');
  await writeFile(file, messyCsv());

  await page.goto(`${DATASETS_URL}/?token=${E2E_TOKEN}`);
  await expect(page.getByText('engine ready')).toBeVisible({ timeout: 60_000 });
  await page.keyboard.press('Control+1');
  await expect(page.getByRole('heading', { name: 'Import your first dataset' })).toBeVisible();

  // A compressed file is refused with a message naming it and saying what to do.
  await page.getByLabel('Dataset file', { exact: true }).setInputFiles({ name: 'pairs.csv', mimeType: 'text/csv', buffer: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]) });
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('alert')).toHaveText(/^pairs.csv is gzip-compressed, not text; extract it first/);

  // Preview: how the file will be read, before anything is saved.
  await dialog.getByLabel('Dataset file', { exact: true }).setInputFiles(file);
  await expect(dialog.getByText('First records')).toBeVisible();
  await expect(dialog.getByText('.csv extension')).toBeVisible();
  await expect(dialog.locator('select').nth(1)).toHaveValue('intent');
  await expect(dialog.getByText('Questions from')).toBeVisible();
  await expect(dialog.getByText(/line 11/).first()).toBeVisible();
  await shot(page, testInfo, 'datasets-preview.png');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();

  // The report: the row without code is rejected with its line.
  await expect(page.getByRole('heading', { name: 'messy-pairs.csv' })).toBeVisible({ timeout: 30_000 });
  const report = page.getByRole('region', { name: 'Import report' });
  await expect(report).toContainText('line 11');
  await expect(report).toContainText('not imported');
  await expect(page.getByTestId('current-version')).toContainText('Version 1: Imported messy-pairs.csv');
  await shot(page, testInfo, 'datasets-report.png');

  // Clean: the duplicate dropped, the tab rewritten, the broken snippet flagged; a diff for the tab.
  await page.getByRole('button', { name: 'Clean', exact: true }).click();
  await expect(page.locator('[data-step="dedupe"]')).toHaveText('1 dropped', { timeout: 60_000 });
  await expect(page.locator('[data-step="syntax"]')).toHaveText('1 flagged');
  await expect(page.locator('[data-step="expandTabs"]')).toContainText('1 rewritten');
  await page.getByRole('button', { name: /Tabs to spaces: rewritten/ }).click();
  await expect(page.getByLabel('Changes, line by line')).toContainText('print(item)');
  await expect(page.getByTestId('clean-output')).toHaveText('42');
  await shot(page, testInfo, 'datasets-clean.png');
  await page.getByRole('button', { name: 'Apply as a new version' }).click();
  await expect(page.getByTestId('current-version')).toContainText('Version 2: Cleaned');

  // Edit a pair: the syntax check follows the typing; save makes version 3; undo returns to 2.
  await page.getByRole('searchbox', { name: 'Search pairs' }).fill('broken');
  await expect(page.getByText('1 match')).toBeVisible();
  await page.locator('.row').first().click();
  await expect(page.getByText(/✗ Line 1/)).toBeVisible({ timeout: 30_000 });
  await page.locator('.editor-pane .monaco-editor').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText('def f():\n    return 1');
  await expect(page.getByText('✓ Parses as Python 3')).toBeVisible({ timeout: 30_000 });
  await shot(page, testInfo, 'datasets-edit.png');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('current-version')).toContainText('Version 3: Edited 1 pair');
  await page.getByRole('button', { name: '↶ Undo' }).click();
  await expect(page.getByTestId('current-version')).toContainText('Version 2: Cleaned');

  // Split by question: pairs of one question_id stay together.
  await page.getByRole('button', { name: 'Split', exact: true }).click();
  await page.getByLabel('Train %').fill('70');
  await page.getByLabel('Validation %').fill('30');
  await page.getByLabel('Test %').fill('0');
  await page.getByLabel(/same question/).check();
  await expect(page.getByTestId('split-test')).toContainText(/^0/);
  await shot(page, testInfo, 'datasets-split.png');
  await page.getByRole('button', { name: 'Apply as a new version' }).click();
  await expect(page.getByTestId('current-version')).toContainText('Split 70/30/0 by question');

  // Export the version: the page asks for a one-time address and the browser downloads it, streamed
  // by the server (JSON lines keep the question ids; CSV has the importer's default columns).
  await page.getByRole('button', { name: /^Versions \(/ }).click();
  const splitRow = page.getByRole('row').filter({ hasText: 'Split 70/30/0 by question' });
  const [jsonl] = await Promise.all([page.waitForEvent('download'), splitRow.getByRole('button', { name: 'JSONL' }).click()]);
  expect(jsonl.suggestedFilename()).toMatch(/^messy-pairs-v\d+\.jsonl$/);
  const exported = (await readFile(await jsonl.path(), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
  expect(exported).toHaveLength(42);
  expect(exported[0]).toEqual({ description: 'add 0 to the total', code: 'total += 0', question_id: '100' });
  await expect(page.getByText('Export started')).toBeVisible();
  const [csv] = await Promise.all([page.waitForEvent('download'), splitRow.getByRole('button', { name: 'CSV' }).click()]);
  const csvText = await readFile(await csv.path(), 'utf8');
  expect(csvText.split('\n')[0]).toBe('intent,snippet');
  expect(csvText).toContain('add 0 to the total,total += 0');
  await shot(page, testInfo, 'datasets-versions.png');

  // Statistics and duplicates of this version (cleaning already dropped the exact duplicate).
  await page.getByRole('button', { name: 'Statistics', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Code lengths' })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('42');
  await shot(page, testInfo, 'datasets-stats.png');
  await page.getByRole('button', { name: 'Duplicates', exact: true }).click();
  await expect(page.getByText('No exact duplicates left to look at.')).toBeVisible({ timeout: 60_000 });

  // A test set that shares one pair with the training data: the leak check finds it, removal drops it.
  const testSet = testInfo.outputPath('test-set.jsonl');
  await writeFile(testSet, [{ description: 'add 5 to the total', code: 'total += 5' }, { description: 'reverse a string s', code: 's[::-1]' }].map((p) => JSON.stringify(p)).join('\n') + '\n');
  await page.getByRole('button', { name: 'Import a dataset…' }).click();
  await page.getByLabel('Dataset file', { exact: true }).setInputFiles(testSet);
  await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'test-set.jsonl' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('list', { name: 'Your datasets' }).getByRole('button', { name: /messy-pairs.csv/ }).click();
  await page.getByRole('button', { name: 'Merge & leaks', exact: true }).click();
  await page.getByRole('region', { name: 'Leak check' }).getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('leaks')).toContainText('1 of 2 test pairs are in this version');
  await shot(page, testInfo, 'datasets-leaks.png');
  await page.getByRole('button', { name: 'Remove them from this version' }).click();
  await expect(page.getByTestId('current-version')).toContainText('Removed 1 pair that is in test-set.jsonl');
  await expect(page.getByText('No leak: none of the 2 test pairs is in this version.')).toBeVisible();
  const version = (await page.getByTestId('current-version').textContent())!.match(/Version (\d+)/)![1];

  // Train on it: the training view has the version selected; the run records it.
  await page.getByRole('button', { name: 'Train on this version' }).click();
  await expect(page.getByTestId('train-version')).toContainText(`Trains on version ${version}`);
  await page.getByLabel('maxSteps', { exact: true }).fill('6');
  await page.getByRole('button', { name: 'Start training' }).click();
  await page.keyboard.press('Control+3');
  const row = page.getByRole('row').filter({ hasText: 'messy-pairs.csv' });
  await expect(row).toContainText(`v${version}`, { timeout: 60_000 });
  await expect(row).toContainText(/completed/, { timeout: 120_000 });
  await shot(page, testInfo, 'datasets-run.png');
  expect(errors).toEqual([]);
});
