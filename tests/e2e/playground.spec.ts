// The playground as a new user tries it, in Debian's Chromium against the web shell: a quick run
// gives a checkpoint (training goes on meanwhile), a prompt streams code into Monaco, beam 4 shows
// beams to switch between, a token's alternatives show on hover and one is forced into a branch,
// the code runs in the sandbox, and an endless loop is stopped. Screenshots of each step attached.
import { expect, test, type Page } from '@playwright/test';
import { E2E_TOKEN, PLAYGROUND_URL } from '../../playwright.config';
import { shot } from './studio-flow';

// Its own studio on a fresh data dir (playwright.config.ts): first launch, then the quick run.
test.use({ baseURL: PLAYGROUND_URL });

async function api<T>(page: Page, channel: string, args: object = {}): Promise<T> {
  const response = await page.request.post(`/api/${channel}`, { headers: { 'x-studio-token': E2E_TOKEN }, data: args });
  const body = (await response.json()) as { ok: boolean; result: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message ?? JSON.stringify(body)}`);
  return body.result;
}

/** A run with at least one checkpoint: the quick run, started from the welcome panel of a fresh data dir. */
async function runWithCheckpoint(page: Page): Promise<string> {
  if ((await api<unknown[]>(page, 'runs:list')).length === 0) await page.getByRole('button', { name: 'Quick training run' }).click();
  let runId = '';
  await expect.poll(async () => {
    for (const run of await api<{ id: string }[]>(page, 'runs:list')) {
      const detail = await api<{ checkpoints: unknown[] }>(page, 'runs:get', { runId: run.id });
      if (detail.checkpoints.length > 0) runId = run.id;
    }
    return runId;
  }, { timeout: 180_000, intervals: [1000] }).not.toBe('');
  return runId;
}

/** Types into Monaco (replacing everything) the way a person would. */
async function typeCode(page: Page, code: string): Promise<void> {
  const editor = page.locator('.monaco-editor').first();
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

test.describe.configure({ mode: 'serial' });

test('playground: stream, beams, alternatives, forcing a token, running code, stopping a loop', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByText('engine ready')).toBeVisible({ timeout: 60_000 });
  await runWithCheckpoint(page);

  // Open the playground (Ctrl+3) and type a prompt from the sample dataset.
  await page.keyboard.press('Control+4');
  const prompt = page.getByLabel('Describe the code in English');
  await expect(prompt).toBeVisible();
  await prompt.fill('print the multiplication table of 3');
  await expect(page.getByLabel('How the model reads the prompt')).toContainText('multiplication');
  await shot(page, testInfo, 'playground-prompt.png');

  // Greedy: the code streams into Monaco token by token (the token counter climbs while generating).
  await prompt.press('Control+Enter');
  await expect(page.getByText(/Generating/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/tokens · [\d.]+ ms\/token/)).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.monaco-editor .view-lines')).not.toHaveText('');
  await expect(page.getByRole('listbox', { name: 'Generated tokens by probability' })).toBeVisible();
  await shot(page, testInfo, 'playground-greedy.png');

  // Hover a token: its probability and alternatives.
  await page.locator('.monaco-editor .view-line span span').first().hover();
  await expect(page.locator('.monaco-hover').filter({ hasText: 'Alternatives' }).first()).toBeVisible({ timeout: 15_000 });
  await shot(page, testInfo, 'playground-hover.png');
  await page.mouse.move(0, 0);

  // Beam search with 4 beams: pick the second beam.
  await page.getByText('Beam', { exact: true }).click();
  await page.getByLabel('Beam width').fill('4');
  await page.getByRole('button', { name: /^Generate/ }).click();
  const beams = page.getByRole('tablist', { name: 'Beams' });
  await expect(beams).toBeVisible({ timeout: 60_000 });
  await beams.getByRole('tab', { name: /Beam 2/ }).click();
  await expect(beams.getByRole('tab', { name: /Beam 2/ })).toHaveAttribute('aria-selected', 'true');
  await shot(page, testInfo, 'playground-beam-2.png');

  // Select a token on the strip and force its first alternative: a new branch, the earlier one kept.
  await page.getByRole('listbox', { name: 'Generated tokens by probability' }).getByRole('option').nth(1).click();
  const inspector = page.getByLabel(/^Token 2$/);
  await expect(inspector).toBeVisible();
  await shot(page, testInfo, 'playground-alternatives.png');
  await inspector.getByRole('button', { name: 'Force' }).first().click();
  const branches = page.getByRole('tablist', { name: 'Results in this pane' });
  await expect(branches.getByRole('tab', { name: /Branch: token 2/ })).toBeVisible({ timeout: 60_000 });
  await expect(branches.getByRole('tab')).toHaveCount(3); // greedy, beam, and the branch
  await shot(page, testInfo, 'playground-forced.png');

  // Run code in the sandbox and see its output.
  await typeCode(page, 'for i in range(1, 4):\n    print(3 * i)');
  await page.getByRole('button', { name: 'Run code ▶' }).click();
  await expect(page.getByLabel('Standard output')).toHaveText('3\n6\n9\n', { timeout: 60_000 });
  await shot(page, testInfo, 'playground-run.png');

  // An endless loop is stopped at the time limit and the UI recovers.
  await typeCode(page, 'while True:\n    pass');
  await page.getByRole('button', { name: 'Run code ▶' }).click();
  await expect(page.getByRole('button', { name: /Stop Python/ })).toBeVisible();
  await expect(page.getByText(/Stopped after 5\.\d s \(time limit\)/)).toBeVisible({ timeout: 30_000 });
  await shot(page, testInfo, 'playground-loop-stopped.png');
  await typeCode(page, 'print("again")');
  await page.getByRole('button', { name: 'Run code ▶' }).click();
  await expect(page.getByLabel('Standard output')).toHaveText('again\n', { timeout: 60_000 });

  // History: every generation is kept with the run.
  await expect(page.getByRole('region', { name: 'History' }).getByRole('listitem')).toHaveCount(3);
  expect(errors).toEqual([]);
});

test('attention inspector: from a playground result and from a run sample, linked to the code, exported', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByText('engine ready')).toBeVisible({ timeout: 60_000 });
  const runId = await runWithCheckpoint(page);

  // Generate, then open the inspector on the result.
  await page.keyboard.press('Control+4');
  await page.getByLabel('Describe the code in English').fill('print whether the number `total` is even or odd');
  await page.getByRole('button', { name: /^Generate/ }).click();
  await expect(page.getByText(/tokens · [\d.]+ ms\/token/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Inspect attention' }).click();
  const graph = page.getByRole('img', { name: 'Token graph' });
  await expect(graph).toBeVisible({ timeout: 30_000 });
  await expect(graph.locator('.edges path').first()).toBeAttached();
  await shot(page, testInfo, 'inspector-graph.png');

  // Hover a code token: its lines come forward, the words it looked at are listed, Monaco marks it.
  await graph.locator('[data-row="0"]').hover();
  await expect(page.getByText(/Looked at most:/)).toBeVisible();
  await expect(graph.locator('.edges-focused line').first()).toBeAttached();
  await expect(page.locator('.monaco-editor .cs-token-selected')).toHaveCount(1);
  await shot(page, testInfo, 'inspector-hover.png');

  // Switch head, kind and drawing; the overview opens a head.
  await page.getByLabel('Head', { exact: true }).selectOption('1');
  await page.getByRole('radio', { name: 'encoder' }).click();
  await expect(graph.locator('[data-row]').first()).toHaveText('print');
  await page.getByRole('radio', { name: 'cross' }).click();
  await page.getByRole('button', { name: 'Layer 1, head 2' }).click();
  await expect(page.getByLabel('Head', { exact: true })).toHaveValue('1');
  await page.getByRole('radio', { name: 'Heatmap' }).click();
  await expect(page.getByLabel('Attention heatmap')).toBeVisible();
  await shot(page, testInfo, 'inspector-heatmap.png');
  await page.getByRole('radio', { name: 'Graph' }).click();

  // Export the graph as SVG: a standalone file with the lines and the tokens.
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG' }).click()]);
  const svg = await (await import('node:fs/promises')).readFile((await svgDownload.path())!, 'utf8');
  expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  expect((svg.match(/<path [^>]*d="M[\d.]+ [\d.]+L/g) ?? []).length).toBeGreaterThan(0);
  expect(svg).toContain('>print</text>');
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Weights JSON' }).click()]);
  const weights = JSON.parse(await (await import('node:fs/promises')).readFile((await jsonDownload.path())!, 'utf8'));
  expect(weights.headMaps.length).toBe(weights.heads);

  // From a sample of the run's samples panel.
  await page.keyboard.press('Control+3');
  await page.getByRole('row').filter({ hasText: 'Quick run' }).getByRole('button', { name: /Quick run/ }).click();
  const sample = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Inspect attention' }) }).first();
  await expect(sample).toBeVisible({ timeout: 60_000 });
  const description = (await sample.locator('.prompt').textContent())!.trim();
  await sample.getByRole('button', { name: 'Inspect attention' }).click();
  await expect(page.getByText(/Sample at step .* layers × \d+ heads/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Attention controls' }).getByRole('alert')).toHaveCount(0);
  // The sample's own words, not the playground's: its code is read even when it is not valid Python.
  const firstWord = description.split(/\s+/)[0].replace(/[^\w]/g, '');
  await expect(page.getByLabel('Prompt words')).toContainText(new RegExp(firstWord, 'i'));
  await expect(graph.locator('.edges path').first()).toBeAttached();
  await shot(page, testInfo, 'inspector-from-sample.png');

  // A prompt and code of one's own, read by a two-layer model: the second layer opens. The engine
  // trains one run at a time: the quick run is paused first if it is still going.
  const live = async () => (await api<{ id: string; status: string }[]>(page, 'runs:list')).filter((r) => ['preparing', 'training'].includes(r.status));
  for (const run of await live()) await api(page, 'runs:pause', { runId: run.id });
  await expect.poll(async () => (await live()).length, { timeout: 60_000 }).toBe(0);
  const { runId: deep } = await api<{ runId: string }>(page, 'runs:start', {
    datasetId: 'sample', preset: 'tiny', name: 'two layers',
    overrides: { model: { encoderLayers: 2, decoderLayers: 2 }, maxSteps: 60, evalEvery: 60, evalSamples: 4, checkpointEvery: 60 },
  });
  await expect.poll(async () => (await api<{ id: string; status: string }[]>(page, 'runs:list')).find((r) => r.id === deep)?.status, { timeout: 180_000 }).toBe('completed');
  await page.getByRole('button', { name: /Edit prompt and code/ }).click();
  await page.getByLabel('Run to read with').selectOption(deep);
  await page.getByLabel('English description').fill('add 3 to `x`');
  await page.locator('form[aria-label="Your prompt and code"] .monaco-editor').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText('x = x + 3');
  await page.getByRole('button', { name: 'Inspect', exact: true }).click();
  await expect(page.getByText(/Your prompt and code · .* 2 layers/)).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Layer', { exact: true }).selectOption({ label: '2' });
  await expect(page.getByLabel('Layer', { exact: true })).toHaveValue('1');
  await expect(page.getByRole('button', { name: 'Layer 2, head 2' })).toHaveClass(/current/); // head 2 was chosen above
  await expect(graph.locator('[data-row]').first()).toHaveText('x');
  await shot(page, testInfo, 'inspector-own-pair-layer-2.png');
  expect(runId).not.toBe('');
  expect(errors).toEqual([]);
});
