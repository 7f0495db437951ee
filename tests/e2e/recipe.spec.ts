// The CoNaLa recipe in one click, in Debian's Chromium against the web shell: import a tiny curated
// set and a tiny "CoNaLa-Large" file (written by the test, never ../shared/data), press "CoNaLa
// recipe…" on the welcome card, read what it chose and what the run will take, shorten the time
// limit, start, and find the extra training file in the run (panel and runs:get). The spec starts
// its own studio on a fresh data dir (port 5623). Screenshots of each step are attached.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E_TOKEN } from '../../playwright.config';
import { shot } from './studio-flow';

const PORT = 5623;
const URL = `http://127.0.0.1:${PORT}`;

let studio: ChildProcess | null = null;
let dataDir = '';

test.use({ baseURL: URL });

test.beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'code-studio-e2e-recipe-'));
  studio = spawn('node', ['bin/code-studio.mjs', 'studio', '--port', String(PORT), '--data-dir', dataDir, '--token', E2E_TOKEN], { stdio: 'ignore' });
  const end = Date.now() + 120_000;
  for (;;) {
    try {
      if ((await fetch(`${URL}/`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > end) throw new Error(`the studio did not start on port ${PORT}`);
    await new Promise((r) => setTimeout(r, 500));
  }
});

test.afterAll(async () => {
  if (studio && studio.exitCode === null) {
    const exited = new Promise((r) => studio!.once('exit', r));
    studio.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  }
  await rm(dataDir, { recursive: true, force: true });
});

async function api<T>(page: Page, channel: string, args: object = {}): Promise<T> {
  const response = await page.request.post(`/api/${channel}`, { headers: { 'x-studio-token': E2E_TOKEN }, data: args });
  const body = (await response.json()) as { ok: boolean; result: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message ?? JSON.stringify(body)}`);
  return body.result;
}

const NOUNS = ['items', 'names', 'values', 'rows', 'keys', 'words', 'lines', 'files'];
const VERBS = ['sort', 'reverse', 'clear', 'copy'];

/** 64 curated-CoNaLa-shaped pairs, two per question. */
function curated() {
  const out = [];
  for (let q = 0; q < 32; q++) {
    const noun = NOUNS[q % NOUNS.length];
    const verb = VERBS[Math.floor(q / NOUNS.length) % VERBS.length];
    out.push({ intent: `${verb} ${noun}`, rewritten_intent: `${verb} the list \`${noun}${q}\``, snippet: `${noun}${q}.${verb}()`, question_id: 2000 + q });
    out.push({ intent: `${verb} ${noun} again`, rewritten_intent: `${verb} list \`${noun}${q}\` in place`, snippet: `${verb}(${noun}${q})`, question_id: 2000 + q });
  }
  return out;
}

/** 20 new pairs, then every curated pair again: repeats of training pairs, or leaks of held-out ones. */
function largeCsv(): string {
  const rows = Array.from({ length: 20 }, (_, i) => [`add ${i} to the total`, `total += ${i}`]);
  for (const p of curated()) rows.push([p.rewritten_intent, p.snippet]);
  return ['intent,snippet', ...rows.map((r) => r.map((f) => `"${f.replaceAll('"', '""')}"`).join(','))].join('\n') + '\n';
}

/** Opens a view by its tab (a shortcut pressed while the import dialog closes could be swallowed). */
async function openView(page: Page, name: 'Datasets' | 'Training'): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).click();
}

async function importFile(page: Page, path: string, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Import a dataset…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Dataset file', { exact: true }).setInputFiles(path);
  await expect(dialog.getByText('First records')).toBeVisible({ timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible({ timeout: 60_000 });
}

test('the CoNaLa recipe: one click picks the preset and the data, says what it will take, and the run records the extra file', async ({ page }, testInfo) => {
  // The recipe's model (with its reverse model and reranker tuning) is the largest the e2e trains.
  test.setTimeout(600_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const curatedFile = testInfo.outputPath('conala-train.json');
  const largeFile = testInfo.outputPath('CoNaLa-Large_train.csv');
  await writeFile(curatedFile, JSON.stringify(curated()));
  await writeFile(largeFile, largeCsv());

  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByText('engine ready')).toBeVisible({ timeout: 180_000 });

  // The user imports curated CoNaLa and CoNaLa-Large (tiny stand-ins) into the studio's datasets.
  await page.keyboard.press('Control+1');
  await expect(page.getByRole('heading', { name: 'Import your first dataset' })).toBeVisible();
  await page.getByLabel('Dataset file', { exact: true }).setInputFiles(curatedFile);
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('First records')).toBeVisible({ timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'conala-train.json' })).toBeVisible({ timeout: 60_000 });
  await importFile(page, largeFile, 'CoNaLa-Large_train.csv');

  // The welcome card's recipe: the form filled in, what it found, and the estimate.
  await openView(page, 'Training');
  await expect(page.getByRole('button', { name: 'Quick training run' })).toBeVisible();
  await shot(page, testInfo, 'recipe-welcome.png');
  await page.getByRole('button', { name: 'CoNaLa recipe…' }).click();
  const result = page.getByTestId('recipe-result');
  await expect(result).toContainText('Preset “conala” is set');
  await expect(result).toContainText('Adds “CoNaLa-Large_train.csv” (your dataset) to training only');
  // Imported as is, the curated set is split by description: the recipe says what to do about it.
  await expect(result.getByRole('alert')).toContainText('“conala-train.json” is split by description');
  await shot(page, testInfo, 'recipe-needs-split.png');

  await openView(page, 'Datasets');
  await page.getByRole('list', { name: 'Your datasets' }).getByRole('button', { name: /conala-train\.json/ }).click();
  await page.getByRole('button', { name: 'Split', exact: true }).click();
  await page.getByLabel(/same question/).check();
  await page.getByRole('button', { name: 'Apply as a new version' }).click();
  await expect(page.getByTestId('current-version')).toContainText('by question');
  await openView(page, 'Training');
  await page.getByRole('button', { name: 'CoNaLa recipe', exact: true }).click();
  await expect(result).toContainText('Splits “conala-train.json” (your dataset) by question');
  await expect(result.getByRole('alert')).toHaveCount(0);
  // The recipe's time limit is the preset's (about an hour with what comes after it).
  const presets = await api<{ name: string; config: { maxMinutes: number } }[]>(page, 'config:presets');
  const minutes = presets.find((p) => p.name === 'conala')!.config.maxMinutes;
  await expect(page.getByLabel('maxMinutes', { exact: true })).toHaveValue(String(minutes));
  const estimate = page.getByTestId('run-estimate');
  await expect(estimate).toContainText(`On this machine: ${minutes} min of training + about`);
  await expect(estimate).toContainText('Steps in that time: known once it starts (no “conala” run on this machine yet)');
  await shot(page, testInfo, 'recipe-form.png');

  // A test cannot train for an hour: 15 seconds, then the final evaluation (no reverse model, so
  // no reranker to tune: an untrained model's beams take minutes on a busy machine).
  await page.getByLabel('maxMinutes', { exact: true }).fill('0.25');
  await page.getByText('Evaluation & checkpoints', { exact: true }).click();
  for (const field of ['reverseModel', 'tuneReranker']) {
    const box = page.getByLabel(field, { exact: true });
    if (await box.count()) await box.uncheck();
  }
  await expect(estimate).toContainText('about 15 s of training');
  await expect(estimate).not.toContainText('tune the reranker');
  await page.getByRole('button', { name: 'Start training' }).click();

  // The run: its ETA goes by the time limit and holds the final evaluation; the extra file is listed.
  const progress = page.getByRole('progressbar', { name: 'Training progress' });
  await expect(progress).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText('of 0.25 min')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText('+ a final evaluation')).toBeVisible();
  const extra = page.getByRole('list', { name: 'Extra training data' });
  await expect(extra).toContainText(/\+ 20 training pairs from extra-1-conala-large-train-csv-v\d+\.jsonl/);
  await shot(page, testInfo, 'recipe-run.png');

  const runs = await api<{ id: string; status: string }[]>(page, 'runs:list');
  expect(runs).toHaveLength(1);
  await expect.poll(async () => (await api<{ status: string }[]>(page, 'runs:list'))[0].status, { timeout: 300_000, intervals: [1000] }).toBe('completed');
  const detail = await api<{ preset: string; config: { maxMinutes: number }; extraTraining: { name: string; pairs: number; added: number; duplicates: number; leaks: number }[]; timing: { prepareMs: number | null; evaluationMs: number | null } }>(
    page, 'runs:get', { runId: runs[0].id },
  );
  expect(detail.preset).toBe('conala');
  expect(detail.config.maxMinutes).toBe(0.25);
  expect(detail.extraTraining).toHaveLength(1);
  expect(detail.extraTraining[0]).toMatchObject({ pairs: 84, added: 20 });
  expect(detail.extraTraining[0].name).toMatch(/^extra-1-conala-large-train-csv-v\d+\.jsonl$/);
  expect(detail.extraTraining[0].duplicates + detail.extraTraining[0].leaks).toBe(64);
  expect(detail.timing.prepareMs).toBeGreaterThan(0);
  expect(detail.timing.evaluationMs).not.toBeNull();
  await shot(page, testInfo, 'recipe-done.png');

  // The next recipe run is estimated from this one: measured, not guessed.
  await page.getByRole('button', { name: 'CoNaLa recipe', exact: true }).click();
  await expect(estimate).toContainText('that “conala on conala-train.json” showed here');
  await shot(page, testInfo, 'recipe-measured.png');
  expect(errors).toEqual([]);
});
