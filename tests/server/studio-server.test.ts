import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDataDir } from '../../src/services/data-dir';
import { createStudio, type Studio } from '../../src/services/studio/studio-services';
import { startStudioServer, type StudioServer } from '../../src/server/studio-server';
import { fakeEngineFactory } from '../services/studio/fake-engine';

let dir: string;
let studio: Studio;
let server: StudioServer;
const TOKEN = 'a'.repeat(48);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-server-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Code Studio</title>');
  await writeFile(join(dir, 'secret.txt'), 'not for the browser');
  studio = createStudio({
    dataDir: await openDataDir(join(dir, 'data')), resourcesDir: join(dir, 'resources'), spawnEngine: fakeEngineFactory().spawn, mode: 'web', version: '9.9.9',
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
});
