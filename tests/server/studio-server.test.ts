import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { openDataDir } from '../../src/services/data-dir';
import { createStudio, type Studio } from '../../src/services/studio/studio-services';
import { startStudioServer, type StudioServer } from '../../src/server/studio-server';
import { fakeEngineFactory } from '../services/studio/fake-engine';
import type { EngineMessage } from '../../src/shared/api/engine-protocol';
import type { NewPair } from '../../src/services/datasets/store/dataset-store';
import { importText } from '../../src/shared/dataset/import-text';

let dir: string;
let studio: Studio;
let server: StudioServer;
const engines = fakeEngineFactory();
const TOKEN = 'a'.repeat(48);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-server-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Code Studio</title>');
  await writeFile(join(dir, 'secret.txt'), 'not for the browser');
  studio = createStudio({
    dataDir: await openDataDir(join(dir, 'data')), resourcesDir: join(dir, 'resources'), spawnEngine: engines.spawn, mode: 'web', version: '9.9.9',
    maxUploadBytes: 64 * 1024,
  });
  server = await startStudioServer({ studio, rendererDir, token: TOKEN });
});
afterAll(async () => {
  await server.close();
  await studio.dispose();
  await rm(dir, { recursive: true, force: true });
});

const api = (channel: string, body: unknown, headers: Record<string, string> = { 'x-studio-token': TOKEN }) =>
  fetch(`http://127.0.0.1:${server.port}/api/${channel}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('web shell', () => {
  it('binds to 127.0.0.1 and prints a URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('serves the renderer, and nothing outside its folder', async () => {
    const page = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Code Studio');
    const escape = await fetch(`http://127.0.0.1:${server.port}/..%2Fsecret.txt`);
    expect([403, 404]).toContain(escape.status);
    expect(await escape.text()).not.toContain('not for the browser');
  });

  it('answers requests with the right token', async () => {
    const response = await api('app:info', {});
    const body = await response.json();
    expect(body).toMatchObject({ ok: true, result: { version: '9.9.9', mode: 'web' } });
  });

  it('streams an upload to the data folder for import, and refuses one over the limit saying why', async () => {
    const upload = (body: string, headers: Record<string, string> = { 'x-studio-token': TOKEN }) =>
      fetch(`http://127.0.0.1:${server.port}/upload?name=${encodeURIComponent('my pairs.csv')}`, { method: 'POST', headers, body });
    const csv = 'intent,snippet\nsay hi,print("hi")\nadd one,x + 1\nbroken,"never closed\n';
    const answer = await (await upload(csv)).json();
    expect(answer).toMatchObject({ ok: true, result: { name: 'my pairs.csv', bytes: Buffer.byteLength(csv) } });
    const preview = await (await api('datasets:preview', { source: { kind: 'upload', uploadId: answer.result.uploadId } })).json();
    expect(preview.result).toMatchObject({ file: 'my pairs.csv', format: 'csv', columns: ['intent', 'snippet'] });
    expect(preview.result.records.map((r: { code: string }) => r.code)).toEqual(['print("hi")', 'x + 1']);
    expect(preview.result.issues[0]).toMatchObject({ line: 4, severity: 'error' });

    expect((await upload(csv, {})).status).toBe(401);
    const tooBig = await upload('x'.repeat(70 * 1024));
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.message).toMatch(/larger than the upload limit of 64 kB; import it with the command line/);
    const unknown = await (await api('datasets:preview', { source: { kind: 'upload', uploadId: '00000000-0000-4000-8000-000000000000' } })).json();
    expect(unknown.error.message).toMatch(/upload is gone/);
  });

  it('refuses a missing or wrong token', async () => {
    expect((await api('runs:list', {}, {})).status).toBe(401);
    expect((await api('runs:list', {}, { 'x-studio-token': 'b'.repeat(48) })).status).toBe(401);
  });

  it('refuses cross-origin requests and foreign Host headers (DNS rebinding)', async () => {
    expect((await api('runs:list', {}, { 'x-studio-token': TOKEN, origin: 'http://evil.example' })).status).toBe(403);
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const r = request({ host: '127.0.0.1', port: server.port, path: '/api/runs:list', method: 'POST', headers: { host: 'evil.example', 'x-studio-token': TOKEN } }, (res) => resolve(res.statusCode ?? 0));
      r.end('{}');
    });
    expect(status).toBe(421);
  });

  it('validates arguments at the boundary and names the bad field', async () => {
    const body = await (await api('runs:rename', { runId: 'x', name: '' })).json();
    expect(body.ok).toBe(false);
    expect(body.error.message).toMatch(/runs:rename: name/);
    const extra = await (await api('runs:list', { surprise: 1 })).json();
    expect(extra.ok).toBe(false);
    const unknown = await api('runs:explode', {});
    expect(unknown.status).toBe(404);
    const junk = await api('runs:list', '{not json');
    expect(junk.status).toBe(400);
    expect((await junk.json()).error.message).toMatch(/not valid JSON/);
  });

  it('reports service errors as plain data', async () => {
    const body = await (await api('runs:get', { runId: 'no-such-run' })).json();
    expect(body).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not a run folder/) } });
  });

  it('pushes events over a WebSocket only to same-origin clients with the token', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const refused = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${TOKEN}`, { origin: 'http://evil.example' });
    await expect(new Promise((resolve, reject) => { refused.on('open', resolve); refused.on('error', reject); })).rejects.toThrow();
    const noToken = new WebSocket(`ws://127.0.0.1:${server.port}/events`, { origin });
    await expect(new Promise((resolve, reject) => { noToken.on('open', resolve); noToken.on('error', reject); })).rejects.toThrow();

    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${TOKEN}`, { origin });
    const messages: { event: string; payload: unknown }[] = [];
    ws.on('message', (m) => messages.push(JSON.parse(String(m))));
    await new Promise((resolve) => ws.on('open', resolve));
    studio.events.emit('run:status', { runId: 'r', status: 'paused' });
    await new Promise((r) => setTimeout(r, 100));
    expect(messages[0].event).toBe('engine:status');
    expect(messages).toContainEqual({ event: 'run:status', payload: { runId: 'r', status: 'paused' } });
    ws.close();
  });

  it('relays a run\'s phases from the engine as run:phase events, progress coalesced', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${TOKEN}`, { origin: `http://127.0.0.1:${server.port}` });
    const phases: unknown[] = [];
    ws.on('message', (m) => {
      const message = JSON.parse(String(m)) as { event: string; payload: { runId: string; phases: unknown } };
      if (message.event === 'run:phase') phases.push(message.payload);
    });
    await new Promise((resolve) => ws.on('open', resolve));
    const engine = engines.spawned.at(-1)!;
    const runId = 'tiny-sample-1';
    const event = (e: Extract<EngineMessage, { type: 'run-event' }>['event']) => engine.emit({ type: 'run-event', runId, event: e });
    const corpus = { corpus: 'stdlib', folder: '/usr/lib/python3.12', fingerprint: 'f', files: 900, bytes: 1, skipped: {}, limitReached: false, windows: 5, tokens: 9, unknownTokens: 0, droppedLines: 0 };
    event({ type: 'pretrain', phase: 'started', corpus, resumedFromStep: null, maxSteps: 1000, maxMinutes: null });
    for (let step = 1; step <= 5; step++) event({ type: 'pretrain', phase: 'step', step, loss: 8 - step, elapsedMs: step * 100, maxSteps: 1000, maxMinutes: null });
    await new Promise((r) => setTimeout(r, 300));
    event({ type: 'pretrain', phase: 'finished', done: true, step: 1000, elapsedMs: 100_000, heldOutLoss: { before: 7.1, after: 3.05 } });
    event({ type: 'fine-tuning', step: 5210, examples: 2179 });
    event({ type: 'reranker', done: 0, total: 247 });
    for (let done = 1; done <= 120; done++) event({ type: 'reranker', done, total: 247 });
    await new Promise((r) => setTimeout(r, 300));
    event({ type: 'reranker-tuned', settings: { strategy: 'beam', beamWidth: 8, lengthPenalty: 1, rerank: { length: 0.5, reverse: 0, parses: 1 } }, bleu: 37.6, logProbBleu: 24.5, seconds: 61 });
    await new Promise((r) => setTimeout(r, 100));
    ws.close();
    const pretraining = { corpus: 'stdlib', maxSteps: 1000, maxMinutes: null };
    expect(phases).toEqual([
      { runId, phases: { pretraining: { ...pretraining, status: 'running', step: 0, elapsedMs: 0, loss: null, heldOutLoss: { before: null, after: null } } } },
      // Five steps in 100 ms: one event, with the newest.
      { runId, phases: { pretraining: { ...pretraining, status: 'running', step: 5, elapsedMs: 500, loss: 3, heldOutLoss: { before: null, after: null } } } },
      { runId, phases: { pretraining: { ...pretraining, status: 'done', step: 1000, elapsedMs: 100_000, loss: 3, heldOutLoss: { before: 7.1, after: 3.05 } } } },
      { runId, phases: expect.objectContaining({ fineTuning: { step: 5210, examples: 2179 } }) },
      { runId, phases: expect.objectContaining({ reranker: { status: 'tuning', done: 0, total: 247, elapsedMs: 0 } }) },
      { runId, phases: expect.objectContaining({ reranker: { status: 'tuning', done: 120, total: 247, elapsedMs: expect.any(Number) } }) },
      {
        runId,
        phases: {
          pretraining: expect.objectContaining({ status: 'done' }),
          fineTuning: { step: 5210, examples: 2179 },
          reranker: { status: 'done', done: 247, total: 247, elapsedMs: 61_000, logProbBleu: 24.5, bleu: 37.6, beamWidth: 8, reranked: true },
        },
      },
    ]);
  });
});

describe('downloads', () => {
  const base = () => `http://127.0.0.1:${server.port}`;
  const PAIRS: NewPair[] = [
    ...Array.from({ length: 4_500 }, (_, i) => ({ description: `add ${i} to the total`, code: `total += ${i}` })),
    { description: 'print "a, b" on two lines', code: 'print("a,\nb")' },
    { description: 'one of question 7', code: 'x = 7', group: '7' },
  ];
  let versionId = 0;
  const ticketFor = async (format: 'jsonl' | 'csv', id = versionId): Promise<string> => {
    const body = await (await api('datasets:export', { versionId: id, format })).json();
    expect(body).toMatchObject({ ok: true, result: { kind: 'download', url: expect.stringMatching(/^\/download\/[0-9a-f]{48}$/) } });
    return body.result.url;
  };

  beforeAll(async () => {
    versionId = (await (await studio.datasets.store()).importDataset('my pairs.jsonl', PAIRS)).head.id;
  });

  it('streams a version as JSON lines or CSV, once per ticket, as an attachment with a safe name', async () => {
    for (const format of ['jsonl', 'csv'] as const) {
      const url = await ticketFor(format);
      const response = await fetch(base() + url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="my-pairs-v${versionId}.${format}"`);
      expect(response.headers.get('transfer-encoding')).toBe('chunked'); // streamed, never assembled
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      const back = importText(await response.text(), `out.${format}`);
      expect(back.report.format).toBe(format);
      expect(back.pairs.map((p) => [p.description, p.code])).toEqual(PAIRS.map((p) => [p.description, p.code]));
      if (format === 'jsonl') expect(back.pairs.at(-1)?.group).toBe('7');
      const again = await fetch(base() + url);
      expect(again.status).toBe(404);
      expect(await again.text()).toMatch(/unknown, used or expired .*export the version again/);
    }
  });

  it('refuses a ticket without the token, a bad, used or expired ticket, and other sites', async () => {
    expect((await api('datasets:export', { versionId, format: 'jsonl' }, {})).status).toBe(401);
    expect((await (await api('datasets:export', { versionId, format: 'xml' })).json()).error.message).toMatch(/format/);
    expect((await (await api('datasets:export', { versionId: 999_999, format: 'csv' })).json()).error.message).toMatch(/no dataset version 999999/);
    for (const path of [`/download/${TOKEN}`, `/download/?token=${TOKEN}`, '/download/', '/download/..%2F..%2Fdata%2Fdatasets.sqlite', `/download/${'0'.repeat(48)}`, `/download/${'0'.repeat(48)}/x`]) {
      const response = await fetch(base() + path, { headers: { 'x-studio-token': TOKEN } });
      expect(response.status, path).toBe(404);
    }
    // Refusals that happen before the ticket is read leave it good.
    const url = await ticketFor('csv');
    expect((await fetch(base() + url, { method: 'POST' })).status).toBe(405);
    expect((await fetch(base() + url, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await fetch(base() + url, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    const response = await fetch(base() + url, { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(response.status).toBe(200);
    await response.text();
    // A minute later a ticket is no good.
    const stale = await ticketFor('jsonl');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      expect((await fetch(base() + stale)).status).toBe(404);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reads no further than the client does, and stops reading when the client goes away', async () => {
    const store = await studio.datasets.store();
    // 20,000 pairs of 2 kB: 40 MB of JSON lines, far more than the sockets' buffers hold.
    const big = await store.importDataset('big.jsonl', Array.from({ length: 20_000 }, (_, i) => ({ description: `pair ${i}`, code: `s = "${'a'.repeat(2_000)}${i}"` })));
    const read = { pages: 0, finished: false };
    const pairPages = store.pairPages.bind(store);
    const spy = vi.spyOn(store, 'pairPages').mockImplementation(function* (id, size) {
      try {
        for (const page of pairPages(id, size)) {
          read.pages++;
          yield page;
        }
      } finally {
        read.finished = true;
      }
    });
    try {
      const url = await ticketFor('jsonl', big.head.id);
      const { request } = await import('node:http');
      const received = { bytes: 0 };
      const client = request({ host: '127.0.0.1', port: server.port, path: url });
      const response = await new Promise<import('node:http').IncomingMessage>((resolve) => client.on('response', resolve).end());
      expect(response.statusCode).toBe(200);
      response.on('data', (chunk: Buffer) => {
        received.bytes += chunk.length;
        response.pause(); // read one piece, then nothing more
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(read.pages).toBeGreaterThan(0);
      expect(read.pages).toBeLessThan(10); // of 10: the server waits for the client
      const pagesWhenAborted = read.pages;
      client.destroy();
      for (let i = 0; i < 100 && !read.finished; i++) await new Promise((r) => setTimeout(r, 20));
      expect(read.finished).toBe(true);
      expect(read.pages).toBeLessThanOrEqual(pagesWhenAborted + 1);
      expect(received.bytes).toBeLessThan(40_000_000);
      // The server carries on, and the store is free for writes.
      expect((await api('app:info', {})).status).toBe(200);
      expect(store.nameVersion(big.head.id, 'big one').name).toBe('big one');
    } finally {
      spy.mockRestore();
    }
  });
});
