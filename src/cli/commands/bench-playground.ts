// The playground's numbers for `npm run bench`, measured here with the real engine, services and
// (when Chromium is installed) the real page: time to the first token and ms per token in the engine,
// as the services relay them, and as drawn in the browser; and what generating costs a run that is
// training (its step rate with and without generations, and the generations' latency meanwhile).
import type { Events } from '../../shared/api/contract';
import type { DecodeSettings } from '../../shared/generation/decode-settings';
import type { Studio } from '../../services/studio/studio-services';
import type { Output } from '../output';
import { median, quantile, until, withBenchStudio, withStudioPage } from './bench-support';

export interface PlaygroundBenchOptions {
  repoRoot: string;
  preset: 'small' | 'seed' | 'tiny';
  generations: number;
  windowSeconds: number;
  chromium: string;
}

// A hot temperature keeps a briefly trained model from ending early, so each sample runs to the
// small preset's limit (128 tokens): a fixed cost per frame is then a small part of the stream.
const MAX_TOKENS = 128;
const SETTINGS: (seed: number) => DecodeSettings = (seed) => ({ strategy: 'sample', temperature: 2, topK: 0, topP: 1, seed, maxLength: MAX_TOKENS });
const PROMPT = 'print the multiplication table of 3';

export function benchPlayground(out: Output, options: PlaygroundBenchOptions): Promise<void> {
  return withBenchStudio(options.repoRoot, 'playground', (studio) => measure(out, options, studio));
}

async function measure(out: Output, options: PlaygroundBenchOptions, studio: Studio): Promise<void> {
  const steps: { at: number; step: number }[] = [];
  const firstEvents = new Map<string, number>();
  studio.events.subscribe((channel, payload) => {
    if (channel === 'run:steps') for (const p of (payload as Events['run:steps']).points) steps.push({ at: performance.now(), step: p.step });
    if (channel === 'playground:event') {
      const { requestId, event } = payload as Events['playground:event'];
      if (event.type !== 'started' && !firstEvents.has(requestId)) firstEvents.set(requestId, performance.now());
    }
  });
  out.say(`\nplayground: ${options.preset} model on ${studio.supervisor.status.backend}; sampling (T 2) ≤ ${MAX_TOKENS} tokens for "${PROMPT}"`);

  // A run to generate with: a few hundred steps, so its programs have a realistic length.
  const { runId: model } = await studio.handlers['runs:start']({ datasetId: 'sample', preset: options.preset, overrides: { maxSteps: 200, evalEvery: 200, evalSamples: 8, checkpointEvery: 200 } });
  await until(async () => (await studio.handlers['runs:list']({})).some((r) => r.id === model && r.status === 'completed'), 30 * 60_000, 'the model run');

  let n = 0;
  const generate = async () => {
    const requestId = `bench-${String(n++).padStart(6, '0')}`;
    const asked = performance.now();
    const result = await studio.handlers['playground:generate']({ runId: model, requestId, prompt: PROMPT, checkpoint: 'best', settings: SETTINGS(n) });
    const stream = (result.timing.totalMs - result.timing.firstTokenMs) / Math.max(1, result.timing.tokens - 1);
    return { result, stream, relayedFirstMs: (firstEvents.get(requestId) ?? NaN) - asked };
  };

  // 1. Idle engine: the engine's own timing and what the services add.
  await generate(); // opens the checkpoint
  const idle = [];
  for (let i = 0; i < options.generations; i++) idle.push(await generate());
  const idleFirst = median(idle.map((g) => g.result.timing.firstTokenMs + g.result.timing.queuedMs));
  const idleStream = median(idle.map((g) => g.stream));
  out.emit({ event: 'bench-playground', part: 'engine', firstTokenMs: idleFirst, msPerToken: idleStream, relayedFirstTokenMs: median(idle.map((g) => g.relayedFirstMs)), tokens: median(idle.map((g) => g.result.timing.tokens)) });
  out.say(`  engine, idle: first token ${idleFirst.toFixed(1)} ms, ${idleStream.toFixed(2)} ms/token (median of ${idle.length}, ${median(idle.map((g) => g.result.timing.tokens))} tokens); through the services: first token after ${median(idle.map((g) => g.relayedFirstMs)).toFixed(1)} ms`);

  // 2. The page: pressing Generate → first token drawn, and the drawn pace vs the engine's.
  const ui = await measureUi(studio, options, model);
  if ('skipped' in ui) out.say(`  UI not measured: ${ui.skipped}`);
  else {
    const overhead = ui.overhead;
    out.emit({ event: 'bench-playground', part: 'ui', ...ui });
    out.say(`  in Chromium: first token on screen ${ui.uiFirstTokenMs.toFixed(0)} ms after pressing Generate (engine: ${ui.engineFirstTokenMs.toFixed(1)} ms); ` +
      `${ui.uiMsPerToken.toFixed(2)} ms/token drawn vs ${ui.engineMsPerToken.toFixed(2)} in the engine: ${overhead.toFixed(2)}× ` +
      `(median of ${ui.samples} generations, quartiles ${ui.overheadQuartiles[0].toFixed(2)}–${ui.overheadQuartiles[1].toFixed(2)}×; target ≤ 1.20×)`);
  }

  // 3. Generation while a run trains: its step rate alone, then with generations back to back.
  const { runId: training } = await studio.handlers['runs:start']({ datasetId: 'sample', preset: options.preset, overrides: { maxSteps: 1_000_000, evalEvery: 1_000_000, checkpointEvery: 1_000_000 } });
  await until(() => steps.length > 10, 10 * 60_000, 'the training run to start');
  const window = options.windowSeconds * 1000;
  const rate = (from: number, to: number) => {
    const inside = steps.filter((s) => s.at >= from && s.at < to);
    return inside.length < 2 ? NaN : (inside.at(-1)!.step - inside[0].step) / ((inside.at(-1)!.at - inside[0].at) / 1000);
  };
  const aloneFrom = performance.now();
  await new Promise((r) => setTimeout(r, window));
  const alone = rate(aloneFrom, performance.now());
  const busyFrom = performance.now();
  const during = [];
  while (performance.now() - busyFrom < window) during.push(await generate());
  const busy = rate(busyFrom, performance.now());
  await studio.handlers['runs:pause']({ runId: training });
  const drop = 1 - busy / alone;
  // Seen from the services, so the wait for the step in progress counts (the engine reads a request only between steps).
  const first = median(during.map((g) => g.relayedFirstMs));
  const idleRelayed = median(idle.map((g) => g.relayedFirstMs));
  const total = median(during.map((g) => g.result.timing.queuedMs + g.result.timing.totalMs));
  const costMs = ((alone - busy) * (window / 1000) / alone / during.length) * 1000;
  out.emit({ event: 'bench-playground', part: 'while-training', stepsPerSecondAlone: alone, stepsPerSecondGenerating: busy, throughputDrop: drop, generations: during.length, firstTokenMs: first, idleFirstTokenMs: idleRelayed, totalMs: total, trainingMsPerGeneration: costMs });
  out.say(`  while training: ${alone.toFixed(2)} steps/s alone, ${busy.toFixed(2)} with ${during.length} generations back to back (−${(drop * 100).toFixed(0)}%, about ${costMs.toFixed(0)} ms of training per generation); ` +
    `first token after ${first.toFixed(1)} ms (idle ${idleRelayed.toFixed(1)} ms), done after ${total.toFixed(0)} ms (idle ${median(idle.map((g) => g.result.timing.totalMs)).toFixed(0)} ms)`);
  await until(() => !studio.supervisor.isActive(training), 120_000, 'the training run to pause');
}

interface UiNumbers {
  uiFirstTokenMs: number;
  uiMsPerToken: number;
  /** Drawn pace / engine pace, per generation: the median and the quartiles. */
  overhead: number;
  overheadQuartiles: [number, number];
  engineFirstTokenMs: number;
  engineMsPerToken: number;
  samples: number;
}

async function measureUi(studio: Studio, options: PlaygroundBenchOptions, runId: string): Promise<UiNumbers | { skipped: string }> {
  return withStudioPage(studio, options.repoRoot, options.chromium, async (page, expect): Promise<UiNumbers | { skipped: string }> => {
    await page.keyboard.press('Control+4');
    await page.getByLabel('Run', { exact: true }).selectOption(runId);
    const history = page.getByRole('region', { name: 'History' }).getByRole('listitem');
    await expect(history).not.toHaveCount(0, { timeout: 30_000 }); // the engine part's results
    const before = await history.count();
    await page.getByText('Sample', { exact: true }).click();
    await page.getByLabel('Temperature', { exact: true }).fill('2');
    await page.getByLabel('Maximum length', { exact: true }).fill(String(MAX_TOKENS));
    await page.getByLabel('Describe the code in English').fill(PROMPT);
    const rows: UiNumbers[] = [];
    for (let i = 0; i <= options.generations * 2; i++) {
      await page.getByLabel('Seed', { exact: true }).fill(String(100 + i));
      await page.getByRole('button', { name: /^Generate/ }).click();
      // Each result joins the history when it is done: the count says this generation has finished.
      await expect(history).toHaveCount(before + i + 1, { timeout: 120_000 });
      const timing = page.locator('.timing').first();
      // The last token is drawn a frame after the answer: wait for the drawn pace to be recorded.
      await page.waitForFunction(() => document.querySelector('.timing')?.getAttribute('data-ui-ms-per-token') !== null, null, { timeout: 10_000 }).catch(() => {});
      const read = async (name: string) => Number(await timing.getAttribute(name));
      const tokens = await read('data-engine-tokens');
      const engineTotal = (await read('data-engine-ms-per-token')) * tokens;
      const engineFirst = await read('data-engine-first-token-ms');
      // A stream drawn in a single frame has no pace to measure (no data-ui-ms-per-token).
      if (i > 0 && tokens > 2 && (await timing.getAttribute('data-ui-ms-per-token')) !== null) {
        rows.push({
          uiFirstTokenMs: await read('data-ui-first-token-ms'),
          uiMsPerToken: await read('data-ui-ms-per-token'),
          overhead: 0,
          overheadQuartiles: [0, 0],
          engineFirstTokenMs: engineFirst,
          engineMsPerToken: (engineTotal - engineFirst) / (tokens - 1),
          samples: 1,
        });
      }
    }
    if (rows.length === 0) return { skipped: 'every generation was shorter than 3 tokens' };
    // A stream lasts ~0.2 s, so one frame (16.7 ms) more or less moves one ratio by ~10%: many, and the median.
    const ratios = rows.map((r) => r.uiMsPerToken / r.engineMsPerToken).filter(Number.isFinite);
    return {
      uiFirstTokenMs: median(rows.map((r) => r.uiFirstTokenMs)),
      uiMsPerToken: median(rows.map((r) => r.uiMsPerToken)),
      overhead: median(ratios),
      overheadQuartiles: [quantile(ratios, 0.25), quantile(ratios, 0.75)],
      engineFirstTokenMs: median(rows.map((r) => r.engineFirstTokenMs)),
      engineMsPerToken: median(rows.map((r) => r.engineMsPerToken)),
      samples: rows.length,
    };
  });
}
