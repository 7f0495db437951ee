// A seeded fuzz loop against the web shell while it drives a real training run (forked engine):
// a few thousand hostile connections on loopback — random bytes, malformed request lines, headers
// and escapes, bad WebSocket upgrades and frames, oversized bodies and messages, forged download
// tickets, with and without the token. Afterwards the server still answers and the run still
// progresses. FUZZ_SEED=n replays another sequence; a failure names the seed and the last case of
// each kind.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/shared/random/seeded-random';
import { openDataDir } from '../../src/services/data-dir';
import { forkEngine } from '../../src/services/engine/fork-engine';
import { createStudio, type Studio } from '../../src/services/studio/studio-services';
import { startStudioServer, type StudioServer } from '../../src/server/studio-server';

const SEED = Number(process.env.FUZZ_SEED ?? 8008);
const CASES = 5000;
const PARALLEL = 24;
const TOKEN = 'f'.repeat(48);

let dir: string;
let studio: Studio;
let server: StudioServer;
let lastStep = 0;
let framesDelivered = 0; // cases whose upgrade succeeded, so their bad frames reached the server

// In the studio an uncaught exception ends the process (and the run with it); here it is counted.
const uncaught: unknown[] = [];
const countUncaught = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  process.on('uncaughtException', countUncaught);
  dir = await mkdtemp(join(tmpdir(), 'hostile-clients-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Code Studio</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const lines = Array.from({ length: 64 }, (_, i) => JSON.stringify({ description: `add ${i} to x`, code: `x + ${i}` }));
  await mkdir(join(dir, 'resources', 'sample'), { recursive: true });
  await writeFile(join(dir, 'resources', 'sample', 'english-python-sample.jsonl'), lines.join('\n') + '\n');
  studio = createStudio({ dataDir: await openDataDir(join(dir, 'data')), resourcesDir: join(dir, 'resources'), spawnEngine: forkEngine(), mode: 'web', version: 't' });
  studio.events.subscribe((channel, payload) => {
    if (channel === 'run:steps') lastStep = (payload as { points: { step: number }[] }).points.at(-1)?.step ?? lastStep;
  });
  server = await startStudioServer({ studio, rendererDir, token: TOKEN, limits: { maxBodyBytes: 64 * 1024 } });
});
afterAll(async () => {
  process.off('uncaughtException', countUncaught);
  await server?.close();
  await studio?.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function until(what: string, condition: () => boolean, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ---- case generators -------------------------------------------------------------------------

type Case = { kind: string; chunks: Buffer[]; afterUpgrade?: Buffer[] };

const PIECES = ['/', '//', '..', '%', '%2e', '%2F', '%00', '%zz', '%E0%A4%A', '?', '#', '@', ':', '[', ']', '\\', ' ', '\t', '\0', 'é', '\u202e', 'api', 'events', 'runs:delete', 'app:info', 'index.html', 'assets', 'x'.repeat(300)];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE', 'G\0T', '', 'BREW', 'get', 'POST POST'];
const HOSTS = () => [`127.0.0.1:${server.port}`, `localhost:${server.port}`, '[', ']', '', 'evil.example', `127.0.0.1:${server.port}:1`, '127.0.0.1', '[::1', '%', 'a'.repeat(5000), '127.0.0.1:0'];
const ORIGINS = () => [`http://127.0.0.1:${server.port}`, 'http://evil.example', 'null', '', '[', 'http://[', `http://localhost:${server.port}`];
const CHANNELS = ['app:info', 'runs:list', 'runs:get', 'runs:delete', 'runs:rename', 'runs:start', 'runs:pause', 'runs:resume', 'config:presets', 'nope', '', '__proto__', 'constructor', 'runs:delete/../x'];

function makeCase(random: SeededRandom): Case {
  const pick = <T,>(list: readonly T[]): T => list[random.int(list.length)];
  const junk = (n: number) => Buffer.from(Array.from({ length: n }, () => random.int(256)));
  const path = () => Array.from({ length: 1 + random.int(5) }, () => pick(PIECES)).join('');
  const token = () => pick([TOKEN, '', 'f'.repeat(47), 'f'.repeat(49), TOKEN.toUpperCase(), 'é'.repeat(24)]);
  const headerLines = (base: Record<string, string>) => {
    const lines = Object.entries(base).map(([k, v]) => `${k}: ${v}`);
    for (let i = random.int(4); i > 0; i--) lines.splice(random.int(lines.length + 1), 0, pick(['X: y', 'Host: evil', 'Content-Length: -1', 'Content-Length: 5', 'Transfer-Encoding: chunked', 'Bad Header', ':', `${'h'.repeat(9000)}: x`, 'Expect: 100-continue', 'Connection: close', 'X\0: y', 'Origin: null']));
    return lines;
  };
  const request = (method: string, target: string, headers: string[], body: Buffer = Buffer.alloc(0)) =>
    Buffer.concat([Buffer.from(`${method} ${target} ${pick(['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2', 'HTTP/9', 'FOO'])}\r\n${headers.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
  const split = (b: Buffer): Buffer[] => {
    if (random.next() < 0.7 || b.length < 2) return [b];
    const at = 1 + random.int(b.length - 1);
    return [b.subarray(0, at), b.subarray(at)];
  };
  const jsonBody = (): Buffer => {
    const bodies = [
      '{}', '', '{', 'null', '[]', '"x"', '{"runId":".."}', '{"runId":"."}', '{"runId":"../../etc"}', '{"runId":"a","name":""}',
      '{"datasetId":"sample","preset":"tiny","overrides":{"model":{"dModel":2048,"encoderLayers":24}}}',
      '{"datasetId":"sample","preset":"nope"}', '{"__proto__":{"polluted":1}}', '{"runId":"' + 'a'.repeat(500) + '"}',
      JSON.stringify({ name: 'x'.repeat(70_000) }),
    ];
    return random.next() < 0.15 ? junk(random.int(3000)) : Buffer.from(pick(bodies));
  };

  switch (random.int(8)) {
    case 0:
      return { kind: 'random bytes', chunks: split(junk(1 + random.int(3000))) };
    case 1: // malformed request lines and escapes
      return { kind: 'request line', chunks: split(request(pick(METHODS), pick(['', '*', 'http://[/', 'http://evil/']) + path(), headerLines({ Host: pick(HOSTS()) }))) };
    case 2: { // API calls with random tokens, channels, bodies (some oversized, some lying about their length)
      const body = jsonBody();
      const length = pick([String(body.length), String(body.length), '0', '99999999', '-5', 'abc', String(body.length + 10)]);
      const headers = headerLines({ Host: pick(HOSTS()), 'x-studio-token': token(), 'Content-Length': length, ...(random.next() < 0.3 ? { Origin: pick(ORIGINS()) } : {}) });
      return { kind: 'api call', chunks: split(request(pick(['POST', 'POST', 'GET']), `/api/${pick(CHANNELS)}${random.next() < 0.2 ? path() : ''}`, headers, body)) };
    }
    case 3: { // WebSocket upgrades with bad keys, versions, hosts, origins, tokens
      const headers = headerLines({
        Host: pick(HOSTS()), Origin: pick(ORIGINS()), Connection: pick(['Upgrade', 'upgrade', 'keep-alive, Upgrade', 'close']), Upgrade: pick(['websocket', 'WebSocket', 'h2c', '']),
        'Sec-WebSocket-Version': pick(['13', '8', '', '999', 'x']), 'Sec-WebSocket-Key': pick(['dGhlIHNhbXBsZSBub25jZQ==', '', 'short', '!!!!', 'a'.repeat(400)]),
      });
      return { kind: 'upgrade', chunks: split(request('GET', pick([`/events?token=${token()}`, '/events', `/events?token=${TOKEN}&token=x`, path()]), headers)) };
    }
    case 4: { // frames after a valid upgrade: unmasked, bad opcodes, huge declared lengths, fragments, garbage
      const upgrade = request('GET', `/events?token=${TOKEN}`, [
        `Host: 127.0.0.1:${server.port}`, `Origin: http://127.0.0.1:${server.port}`, 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      ]).subarray(0); // (the version line above is random: some upgrades fail, which is fine)
      const frames = [
        Buffer.from([0x81, 0x02, 0x68, 0x69]), // unmasked text
        Buffer.from([0x80 | random.int(16), 0x80 | random.int(126), ...junk(4 + random.int(40))]), // any opcode, masked junk
        Buffer.from([0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4]), // 2^63-byte frame
        Buffer.from([0x82, 0xfe, 0xff, 0xff, 1, 2, 3, 4, ...junk(200)]), // 64 KiB declared, 200 sent
        Buffer.from([0x01, 0x81, 1, 2, 3, 4, 0x61, 0x00, 0x81, 1, 2, 3, 4, 0x62]), // fragment then a bad continuation
        Buffer.from([0x89, 0xfe, 0x01, 0x00, 1, 2, 3, 4, ...junk(256)]), // ping longer than 125 bytes
        Buffer.concat([Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0, 2, 0, 0, 1, 2, 3, 4]), junk(4096)]), // 128 KiB message (> maxPayload)
        junk(1 + random.int(500)),
      ];
      return { kind: 'websocket frames', chunks: [upgrade], afterUpgrade: Array.from({ length: 1 + random.int(3) }, () => pick(frames)) };
    }
    case 5: // static files with traversal and escapes
      return { kind: 'static path', chunks: split(request(pick(['GET', 'HEAD']), `/${path()}`, headerLines({ Host: `127.0.0.1:${server.port}` }))) };
    case 6: { // downloads: forged, malformed and traversing tickets, other methods, other sites
      const ticket = pick([Array.from({ length: 48 }, () => '0123456789abcdef'[random.int(16)]).join(''), TOKEN, '', '0'.repeat(47), `${'a'.repeat(48)}/..`, `?token=${TOKEN}`, path()]);
      const headers = headerLines({
        Host: pick(HOSTS()), ...(random.next() < 0.3 ? { Origin: pick(ORIGINS()) } : {}), ...(random.next() < 0.3 ? { 'Sec-Fetch-Site': pick(['same-origin', 'cross-site', 'same-site', 'none', '']) } : {}),
        ...(random.next() < 0.3 ? { 'x-studio-token': token() } : {}),
      });
      return { kind: 'download', chunks: split(request(pick(['GET', 'GET', 'HEAD', 'POST', 'DELETE']), `/download/${ticket}`, headers)) };
    }
    default: { // headers alone: huge, duplicated, with control characters, never finished
      const lines = headerLines({ Host: pick(HOSTS()) });
      const text = `GET / HTTP/1.1\r\n${lines.join('\r\n')}${random.next() < 0.5 ? '\r\n\r\n' : ''}`;
      return { kind: 'headers', chunks: split(Buffer.from(text, 'latin1')) };
    }
  }
}

/** Sends one case on its own socket; resolves when the server answers or closes, or after a short wait. */
function send(c: Case): Promise<void> {
  return new Promise((done) => {
    const socket = connect(server.port, '127.0.0.1');
    let received = '';
    let upgraded = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      done();
    };
    const timer = setTimeout(finish, 400);
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('data', (data) => {
      received += data.toString('latin1');
      if (!upgraded && c.afterUpgrade && received.startsWith('HTTP/1.1 101')) {
        upgraded = true;
        framesDelivered += 1;
        for (const frame of c.afterUpgrade) socket.write(frame);
      }
    });
    socket.on('connect', () => {
      for (const chunk of c.chunks) socket.write(chunk);
    });
  });
}

describe(`hostile clients (seed ${SEED})`, () => {
  it(`${CASES} hostile connections neither stop the server nor the run it drives`, async () => {
    const { runId } = await (await api('runs:start', { datasetId: 'sample', preset: 'tiny', overrides: { maxSteps: 1_000_000, evalEvery: 100_000, checkpointEvery: 100_000, batchSize: 8 } })).json().then((b) => b.result as { runId: string });
    await until('the run to train', () => lastStep >= 3);
    const random = new SeededRandom(SEED);
    const cases = Array.from({ length: CASES }, () => makeCase(random));
    const kinds = new Map<string, number>();
    for (const c of cases) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
    const started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: PARALLEL }, async () => {
      while (next < cases.length) await send(cases[next++]);
    }));
    const seconds = (performance.now() - started) / 1000;
    console.log(`hostile clients: ${CASES} cases in ${seconds.toFixed(1)} s (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}; ${framesDelivered} upgraded sockets got bad frames), seed ${SEED}`);
    expect(framesDelivered).toBeGreaterThan(CASES / 40);

    expect(uncaught.map(String)).toEqual([]);
    // The server still answers, with and without the token, and the run still trains.
    const info = await (await api('app:info', {})).json();
    expect(info).toMatchObject({ ok: true, result: { mode: 'web' } });
    expect((await fetch(`http://127.0.0.1:${server.port}/api/app:info`, { method: 'POST', body: '{}' })).status).toBe(401);
    const stepAfterFuzz = lastStep;
    await until('the run to progress after the fuzzing', () => lastStep > stepAfterFuzz + 3, 60_000);
    const runs = (await (await api('runs:list', {})).json()).result as { id: string; status: string }[];
    expect(runs.map((r) => [r.id, r.status])).toEqual([[runId, 'training']]);
    await api('runs:pause', { runId });
  }, 300_000);
});

function api(channel: string, body: unknown): Promise<Response> {
  return fetch(`http://127.0.0.1:${server.port}/api/${channel}`, { method: 'POST', headers: { 'x-studio-token': TOKEN }, body: JSON.stringify(body) });
}
