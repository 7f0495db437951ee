// The playground against the real engine (forked, TF.js): requests carry ids and end in exactly one
// result or error, a cancel stops a generation at once, generation works while a run trains, and
// a run trained with generations interleaved has exactly the losses of one trained without them.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Events } from '../../../src/shared/api/contract';
import { openDataDir } from '../../../src/services/data-dir';
import { forkEngine } from '../../../src/services/engine/fork-engine';
import { createStudio, type Studio } from '../../../src/services/studio/studio-services';

let dir: string;
let studio: Studio;
const events: Events['playground:event'][] = [];
const TRAIN = { maxSteps: 160, evalEvery: 80, evalSamples: 4, checkpointEvery: 20, batchSize: 8 };

async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function losses(runId: string): Promise<number[]> {
  const text = await readFile(join(dir, 'data', 'runs', runId, 'metrics.jsonl'), 'utf8');
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { type?: string; loss?: number }).filter((m) => m.type === 'step').map((m) => m.loss!);
}

async function trainToEnd(): Promise<string> {
  const { runId } = await studio.handlers['runs:start']({ datasetId: 'sample', preset: 'tiny', overrides: TRAIN });
  return runId;
}

/** The tiny preset's longest output (maxTargetLength 48, less <bos>): an uncancelled sample this hot runs to it. */
const LONGEST = 47;
const finished = async (runId: string) => (await studio.handlers['runs:list']({})).some((r) => r.id === runId && r.status === 'completed');
let first = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'playground-engine-'));
  const pairs = ['add a and b|a + b', 'multiply x by y|x * y', "print hello|print('hello')", 'sort items|items.sort()', 'length of items|len(items)', 'sum of nums|sum(nums)'];
  const lines = Array.from({ length: 16 }, (_, k) => pairs.map((p) => JSON.stringify({ description: `${p.split('|')[0]} ${k}`, code: p.split('|')[1] }))).flat();
  await mkdir(join(dir, 'resources', 'sample'), { recursive: true });
  await writeFile(join(dir, 'resources', 'sample', 'english-python-sample.jsonl'), lines.join('\n') + '\n');
  studio = createStudio({ dataDir: await openDataDir(join(dir, 'data')), resourcesDir: join(dir, 'resources'), spawnEngine: forkEngine(), mode: 'web', version: 'test' });
  studio.events.subscribe((channel, payload) => {
    if (channel === 'playground:event') events.push(payload as Events['playground:event']);
  });
  await until('the engine', () => studio.supervisor.status.state === 'ready');
  first = await trainToEnd();
  await until('the first run to finish', () => finished(first));
}, 180_000);
afterAll(async () => {
  await studio?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('playground requests to the real engine', () => {
  it('streams events under the request id, answers once, saves the result to the run history', async () => {
    const [a, b] = await Promise.all([
      studio.handlers['playground:generate']({ runId: first, requestId: 'request-a-0001', prompt: 'add a and b 3', checkpoint: 'best', settings: { strategy: 'greedy' } }),
      studio.handlers['playground:generate']({ runId: first, requestId: 'request-b-0002', prompt: 'sort items 4', checkpoint: 'latest', settings: { strategy: 'beam', beamWidth: 3, lengthPenalty: 0.6 } }),
    ]);
    expect(a.prompt).toBe('add a and b 3');
    expect(b.prompt).toBe('sort items 4');
    const ofA = events.filter((e) => e.requestId === 'request-a-0001');
    const ofB = events.filter((e) => e.requestId === 'request-b-0002');
    expect(ofA[0].event.type).toBe('started');
    expect(ofA.filter((e) => e.event.type === 'token').length).toBe(a.timing.tokens);
    expect(ofB.every((e) => e.event.type === 'started' || e.event.type === 'beams')).toBe(true);
    expect(b.candidates.length).toBeGreaterThan(0);
    expect(b.candidates.length).toBeLessThanOrEqual(3);
    for (const c of [...a.candidates, ...b.candidates]) for (const t of c.tokens) expect(t.alternatives.length).toBeGreaterThan(0);
    expect(a.checks[0].syntax).toHaveProperty('ok');
    expect(a.reference?.code).toBe('a + b'); // the dataset holds this exact description
    expect(a.checks[0].bleu).not.toBeNull();
    const history = await studio.handlers['playground:history']({ runId: first });
    expect(history.map((h) => h.historyId)).toEqual(expect.arrayContaining([a.historyId, b.historyId]));
    const reopened = await studio.handlers['playground:entry']({ runId: first, historyId: a.historyId });
    expect(reopened.candidates[0].code).toBe(a.candidates[0].code);
    const exported = await studio.handlers['playground:export']({ runId: first });
    expect(exported.jsonl.trim().split('\n').map((l) => JSON.parse(l).historyId)).toEqual(expect.arrayContaining([a.historyId, b.historyId]));
  });

  it('attention of a generated candidate comes back for the view asked for, the pass reused across views', async () => {
    const generated = await studio.handlers['playground:generate']({ runId: first, requestId: 'attention-0001', prompt: 'sum of nums 2', checkpoint: 'best', settings: { strategy: 'greedy' } });
    const ids = generated.candidates[0].tokens.map((t) => t.id);
    const ask = (view: { kind: 'encoder' | 'decoder' | 'cross'; layer: number; head: number | 'mean' | 'rollout' }) =>
      studio.handlers['attention:inspect']({ runId: first, prompt: 'sum of nums 2', checkpoint: 'best', target: { ids }, view });
    const cross = await ask({ kind: 'cross', layer: 0, head: 0 });
    expect(cross.map.rows).toBe(ids.length + 1);
    expect(cross.map.cols).toBe(cross.source.length);
    expect(cross.targetOutputs.map((t) => t.text)).toEqual([...generated.candidates[0].tokens.map((t) => t.text), '<eos>']);
    const rolled = await ask({ kind: 'encoder', layer: 0, head: 'rollout' });
    expect(rolled.map.rows).toBe(cross.source.length);
    await expect(ask({ kind: 'cross', layer: 9, head: 0 })).rejects.toThrow(/there is no layer 10/);
  });

  it('errors arrive as errors: a missing checkpoint, a forced token outside the vocabulary, an unknown run', async () => {
    const ask = (extra: object) => studio.handlers['playground:generate']({ runId: first, requestId: `bad-${Math.random().toString(36).slice(2, 10)}`, prompt: 'sum of nums', checkpoint: 'best', settings: { strategy: 'greedy' }, ...extra });
    await expect(ask({ checkpoint: 'step-999999' })).rejects.toMatchObject({ code: 'no-checkpoint', message: expect.stringMatching(/step-999999 is not in this run/) });
    await expect(ask({ prefix: [9_999_999] })).rejects.toThrow(/not one this run can write for this prompt/);
    await expect(ask({ runId: '20990101-0000-nothing' })).rejects.toMatchObject({ code: 'not-found' });
    expect(studio.supervisor.pendingRequests).toBe(0);
  });

  it('cancel stops a long generation at once and returns what was decoded', async () => {
    const requestId = 'cancel-me-0001';
    let tokensWhenCancelled = -1;
    // Cancel from the event itself (no polling delay): the tiny model decodes a token in ~1 ms.
    const off = studio.events.subscribe((channel, payload) => {
      const { requestId: id, event } = payload as Events['playground:event'];
      if (channel !== 'playground:event' || id !== requestId || event.type !== 'token' || tokensWhenCancelled >= 0) return;
      tokensWhenCancelled = events.filter((e) => e.requestId === requestId && e.event.type === 'token').length;
      void studio.handlers['playground:cancel']({ requestId });
    });
    const result = await studio.handlers['playground:generate']({
      runId: first, requestId, prompt: 'print hello', checkpoint: 'best', settings: { strategy: 'sample', temperature: 8, topK: 0, topP: 1, seed: 5 },
    });
    off();
    expect(result.cancelled).toBe(true);
    const tokensInAll = events.filter((e) => e.requestId === requestId && e.event.type === 'token').length;
    // In flight when the cancel left: the tokens decoded while the cancel crossed the process boundary
    // (a handful; more when the whole suite shares the two cores).
    expect(tokensInAll - tokensWhenCancelled).toBeLessThanOrEqual(20);
    expect(tokensInAll).toBeLessThan(LONGEST);
    expect(result.candidates[0].tokens.length).toBe(tokensInAll);
  });

  it('generates while a run trains, and that run\'s losses equal a run trained alone', async () => {
    const alone = await losses(first);
    const { runId } = await studio.handlers['runs:start']({ datasetId: 'sample', preset: 'tiny', overrides: TRAIN });
    const results: number[] = [];
    let n = 0;
    while (!(await finished(runId))) {
      const useOwn = (await studio.handlers['runs:get']({ runId })).checkpoints.length > 0;
      const result = await studio.handlers['playground:generate']({
        runId: useOwn ? runId : first, requestId: `during-${String(n++).padStart(4, '0')}`, prompt: 'multiply x by y 2', checkpoint: 'latest',
        settings: { strategy: 'sample', temperature: 1, topK: 0, topP: 1, seed: n, maxLength: 30 },
      });
      results.push(result.timing.totalMs);
    }
    expect(results.length).toBeGreaterThan(3);
    expect(await losses(runId)).toEqual(alone);
  });
});
