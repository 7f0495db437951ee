// One test per defect issue 8 found in the web shell, each written against raw sockets so it
// can send what a browser never would: a bad Host on an upgrade, an unmasked frame, bad escapes,
// oversized bodies, a client too slow to read its events — and the headers every answer carries.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDataDir } from '../../src/services/data-dir';
import { createStudio, type Studio } from '../../src/services/studio/studio-services';
import { RENDERER_CSP } from '../../src/server/security-headers';
import { startStudioServer, type StudioServer } from '../../src/server/studio-server';
import { fakeEngineFactory } from '../services/studio/fake-engine';

let dir: string;
let studio: Studio;
let server: StudioServer;
const TOKEN = 'c'.repeat(48);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-hardening-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Code Studio</title>');
  studio = createStudio({ dataDir: await openDataDir(join(dir, 'data')), resourcesDir: join(dir, 'resources'), spawnEngine: fakeEngineFactory().spawn, mode: 'web', version: 't' });
  server = await startStudioServer({ studio, rendererDir, token: TOKEN, limits: { maxBodyBytes: 10_000, maxBufferedBytes: 64 * 1024 } });
});
afterAll(async () => {
  await server.close();
  await studio.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Writes raw bytes, collects what comes back until the server closes or `ms` pass. */
function raw(bytes: string | Buffer, ms = 600): Promise<string> {
  return new Promise((done) => {
    const socket: Socket = connect(server.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      done(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(finish, ms);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(bytes);
  });
}

const upgradeHead = (headers: Record<string, string>, target = `/events?token=${TOKEN}`) =>
  [`GET ${target} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');

const goodUpgrade = () => ({
  Host: `127.0.0.1:${server.port}`, Origin: `http://127.0.0.1:${server.port}`, Connection: 'Upgrade', Upgrade: 'websocket',
  'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
});

async function stillAnswers(): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/app:info`, { method: 'POST', headers: { 'x-studio-token': TOKEN }, body: '{}' });
  expect((await response.json()).ok).toBe(true);
}

describe('web shell hardening', () => {
  it('a WebSocket upgrade with "Host: [" is refused and the server carries on', async () => {
    const answer = await raw(upgradeHead({ ...goodUpgrade(), Host: '[' }));
    expect(answer).toMatch(/^HTTP\/1\.1 (400|421)/);
    await stillAnswers();
  });

  it('bad request targets and Host headers on plain requests get 4xx answers', async () => {
    for (const request of [`GET //evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`, 'GET / HTTP/1.1\r\nHost: [\r\n\r\n', `GET http://[/ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`]) {
      expect(await raw(request)).toMatch(/^HTTP\/1\.1 4\d\d/);
    }
    await stillAnswers();
  });

  it('an unmasked client frame from a token holder closes that socket only', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const bystander = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${TOKEN}`, { origin });
    const heard: string[] = [];
    bystander.on('message', (m) => heard.push(String(m)));
    await new Promise((r) => bystander.on('open', r));
    // A text frame "hi" without the mask bit, which clients must set (RFC 6455 §5.1).
    const unmasked = Buffer.from([0x81, 0x02, 0x68, 0x69]);
    const answer = await raw(Buffer.concat([Buffer.from(upgradeHead(goodUpgrade())), unmasked]));
    expect(answer).toMatch(/^HTTP\/1\.1 101/);
    await stillAnswers();
    studio.events.emit('run:status', { runId: 'r', status: 'paused' });
    await new Promise((r) => setTimeout(r, 100));
    expect(heard.some((m) => m.includes('"run:status"'))).toBe(true);
    bystander.close();
  });

  it('bad escapes in a path answer 400, not 500', async () => {
    for (const path of ['/%', '/%E0%A4%A', '/%zz', '/assets/%']) {
      expect((await fetch(`http://127.0.0.1:${server.port}${path}`)).status).toBe(400);
    }
  });

  it('every answer carries the CSP (equal to the page meta tag, plus frame-ancestors) and anti-framing headers', async () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(await readFile(resolve('src/renderer/index.html'), 'utf8'))?.[1];
    expect(meta).toBe(RENDERER_CSP);
    const answers = [
      await fetch(`http://127.0.0.1:${server.port}/`),
      await fetch(`http://127.0.0.1:${server.port}/missing.js`),
      await fetch(`http://127.0.0.1:${server.port}/api/app:info`, { method: 'POST', headers: { 'x-studio-token': TOKEN }, body: '{}' }),
      await fetch(`http://127.0.0.1:${server.port}/api/app:info`, { method: 'POST', body: '{}' }),
    ];
    for (const r of answers) {
      expect(r.headers.get('content-security-policy')).toBe(`${RENDERER_CSP}; frame-ancestors 'none'`);
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect(await raw(upgradeHead({ ...goodUpgrade(), Origin: 'http://evil.example' }))).toMatch(/^HTTP\/1\.1 403[\s\S]*X-Frame-Options: DENY/i);
    // A handshake ws itself rejects (a key that is not 16 bytes in base64) carries them too.
    expect(await raw(upgradeHead({ ...goodUpgrade(), 'Sec-WebSocket-Key': 'short' }))).toMatch(/^HTTP\/1\.1 400[\s\S]*X-Frame-Options: DENY/i);
  });

  it('an oversized body is answered 413 and the connection closed', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(20_000) });
    const response = await fetch(`http://127.0.0.1:${server.port}/api/runs:list`, { method: 'POST', headers: { 'x-studio-token': TOKEN }, body: big });
    expect(response.status).toBe(413);
    const lying = await raw(`POST /api/runs:list HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nx-studio-token: ${TOKEN}\r\nContent-Length: 99999999\r\n\r\n{}`);
    expect(lying).toMatch(/^HTTP\/1\.1 413/);
    await stillAnswers();
  });

  it('an oversized WebSocket message closes that socket (1009), not the server', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${TOKEN}`, { origin: `http://127.0.0.1:${server.port}` });
    await new Promise((r) => ws.on('open', r));
    const closed = new Promise<number>((r) => {
      ws.on('close', (code) => r(code));
      setTimeout(() => r(-1), 10_000); // still open: the message was accepted
    });
    ws.send('x'.repeat(200_000));
    expect(await closed).toBe(1009);
    await stillAnswers();
  });

  it('a client that never reads its events is disconnected instead of growing the server without bound', async () => {
    const before = studio.events.size;
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    let upgraded = '';
    socket.on('data', (c) => {
      upgraded += c.toString('latin1');
      if (upgraded.startsWith('HTTP/1.1 101')) socket.pause(); // and never read again
    });
    socket.write(upgradeHead(goodUpgrade()));
    const end = Date.now() + 5000;
    while (studio.events.size === before && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(studio.events.size).toBe(before + 1);
    // ~40 MB of events: far more than the socket buffers hold.
    const payload = { runId: 'r', points: Array.from({ length: 2000 }, (_, i) => ({ step: i, epoch: 0, loss: 1, learningRate: 1, targetTokensPerSecond: 1, elapsedMs: i })) };
    for (let i = 0; i < 200 && studio.events.size > before; i++) {
      studio.events.emit('run:steps', payload);
      await new Promise((r) => setImmediate(r));
    }
    const closedBy = Date.now() + 5000;
    while (studio.events.size > before && Date.now() < closedBy) await new Promise((r) => setTimeout(r, 10));
    expect(studio.events.size).toBe(before);
    socket.destroy();
    await stillAnswers();
  });
});
