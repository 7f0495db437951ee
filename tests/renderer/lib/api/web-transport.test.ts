// The web transport against a fake server: requests carry the token and JSON body, answers are
// unwrapped or rebuilt into errors with the service's message, events are routed by name, and a
// dropped event socket is reopened with growing delays while the state says "reconnecting".
import { describe, expect, it, vi } from 'vitest';
import { StudioRequestError, type ConnectionState } from '../../../../src/renderer/lib/api/studio-client';
import { createWebClient, eventsUrl, type WebSocketLike } from '../../../../src/renderer/lib/api/web-transport';

class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  open() {
    this.onopen?.({});
  }
  send(message: unknown) {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }
  drop() {
    this.onerror?.({});
    this.onclose?.({});
  }
  close() {
    this.closed = true;
  }
}

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function setup(fetchImpl: typeof fetch) {
  FakeSocket.all = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const client = createWebClient({
    pageUrl: 'http://127.0.0.1:5599/?token=s3cret',
    fetch: fetchImpl,
    WebSocket: FakeSocket,
    setTimeout: (fn, ms) => timers.push({ fn, ms }),
    clearTimeout: () => {},
  });
  return { client, timers };
}

describe('web transport requests', () => {
  it('POSTs /api/<channel> with the JSON body and the token header, and unwraps the result', async () => {
    const fetchMock = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => jsonResponse({ ok: true, result: { runId: 'r-7' } }));
    const { client } = setup(fetchMock as unknown as typeof fetch);
    const result = await client.invoke('runs:start', { datasetId: 'sample', preset: 'tiny', quick: true });
    expect(result).toEqual({ runId: 'r-7' });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('http://127.0.0.1:5599/api/runs:start');
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>)['x-studio-token']).toBe('s3cret');
    expect(JSON.parse(String(init?.body))).toEqual({ datasetId: 'sample', preset: 'tiny', quick: true });
    client.dispose();
  });

  it('rebuilds a service error with its name, message and code', async () => {
    const { client } = setup((async () =>
      jsonResponse({ ok: false, error: { name: 'RunBusyError', message: 'a run is already training', code: 'busy' } }, 409)) as typeof fetch);
    const error = await client.invoke('runs:resume', { runId: 'r1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudioRequestError);
    expect((error as StudioRequestError).message).toBe('a run is already training');
    expect((error as StudioRequestError).name).toBe('RunBusyError');
    expect((error as StudioRequestError).code).toBe('busy');
    client.dispose();
  });

  it("downloads from the studio's own server by navigating a link (no token in it, nothing held in the page)", () => {
    const { client } = setup((async () => jsonResponse({ ok: true, result: null })) as typeof fetch);
    const clicked: { href: string; download: string; attached: boolean }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download, attached: this.isConnected });
    });
    try {
      client.startDownload(`/download/${'ab'.repeat(24)}`, 'pairs-v3.jsonl');
      expect(clicked).toEqual([{ href: `http://127.0.0.1:5599/download/${'ab'.repeat(24)}`, download: 'pairs-v3.jsonl', attached: true }]);
      expect(document.querySelectorAll('a')).toHaveLength(0); // removed again
      expect(() => client.startDownload('http://evil.example/download/x', 'x.jsonl')).toThrow(/Refused to download from http:\/\/evil.example/);
      expect(clicked).toHaveLength(1);
    } finally {
      click.mockRestore();
      client.dispose();
    }
  });

  it('says what happened when the answer is not JSON or the server is unreachable', async () => {
    const html = setup((async () => new Response('<h1>Forbidden</h1>', { status: 403, statusText: 'Forbidden' })) as typeof fetch);
    await expect(html.client.invoke('runs:list', {})).rejects.toThrow(/runs:list: the server answered HTTP 403 Forbidden without a JSON body/);
    html.client.dispose();
    const down = setup((async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch);
    await expect(down.client.invoke('app:info', {})).rejects.toThrow(/Cannot reach the studio server \(app:info\): Failed to fetch/);
    down.client.dispose();
  });
});

describe('web transport events', () => {
  it('opens /events with the token and routes { event, payload } messages by name', () => {
    const { client } = setup((async () => jsonResponse({ ok: true, result: null })) as typeof fetch);
    expect(FakeSocket.all).toHaveLength(1);
    expect(FakeSocket.all[0].url).toBe('ws://127.0.0.1:5599/events?token=s3cret');
    const steps: unknown[] = [];
    const off = client.on('run:steps', (p) => steps.push(p));
    const engine: unknown[] = [];
    client.on('engine:status', (p) => engine.push(p));
    const socket = FakeSocket.all[0];
    socket.open();
    socket.send({ event: 'run:steps', payload: { runId: 'a', points: [] } });
    socket.send({ event: 'engine:status', payload: { state: 'ready' } });
    socket.send('not json');
    socket.send({ payload: 1 });
    expect(steps).toEqual([{ runId: 'a', points: [] }]);
    expect(engine).toEqual([{ state: 'ready' }]);
    off();
    socket.send({ event: 'run:steps', payload: { runId: 'b', points: [] } });
    expect(steps).toHaveLength(1);
    client.dispose();
    expect(socket.closed).toBe(true);
  });

  it('reconnects with doubling delays, reports the states, and resets after a success', () => {
    const { client, timers } = setup((async () => jsonResponse({ ok: true, result: null })) as typeof fetch);
    const states: ConnectionState[] = [];
    client.onConnection((s) => states.push(s));
    FakeSocket.all[0].open();
    FakeSocket.all[0].drop();
    expect(states).toEqual(['connecting', 'open', 'reconnecting']);
    expect(timers.map((t) => t.ms)).toEqual([500]);
    timers[0].fn();
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1].drop();
    timers[1].fn();
    FakeSocket.all[2].drop();
    expect(timers.map((t) => t.ms)).toEqual([500, 1000, 2000]);
    timers[2].fn();
    FakeSocket.all[3].open();
    expect(states[states.length - 1]).toBe('open');
    FakeSocket.all[3].drop();
    expect(timers[3].ms).toBe(500);
    client.dispose();
    timers[3].fn();
    expect(FakeSocket.all).toHaveLength(4);
  });

  it('builds wss:// for an https page and leaves out a missing token', () => {
    expect(eventsUrl('https://studio.local:8443/app?x=1', 't')).toBe('wss://studio.local:8443/events?token=t');
    expect(eventsUrl('http://localhost:5599/', null)).toBe('ws://localhost:5599/events');
  });
});
