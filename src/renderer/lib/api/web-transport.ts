// The web shell's transport: requests are `POST /api/<channel>` with a JSON body and the access
// token in `x-studio-token`; answers are `{ ok: true, result }` or `{ ok: false, error }`. Events
// arrive as `{ event, payload }` JSON over a WebSocket at `/events?token=…`, reopened with
// exponential backoff when it drops. Files are uploaded with `POST /upload` and downloaded by
// navigating to the one-time address an answer names. Not the server (src/server) and not the
// Electron transport.
import type { ConnectionState, StudioClient } from './studio-client';
import { StudioRequestError, isErrorData } from './studio-client';

export interface WebTransportOptions {
  /** The page's address: its origin is the server, its `?token=` the access token. */
  pageUrl: string;
  fetch?: typeof fetch;
  WebSocket?: new (url: string) => WebSocketLike;
  /** First reconnect delay in ms, doubled after each failure up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (id: unknown) => void;
  /** Where download links are made and clicked (the page's document). */
  document?: Document;
}

/** The part of the DOM WebSocket this transport uses, so tests can hand in a fake. */
export interface WebSocketLike {
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  close(): void;
}

export interface WebStudioClient extends StudioClient {
  /** Closes the event socket and stops reconnecting (tests, page unload). */
  dispose(): void;
}

export const TOKEN_HEADER = 'x-studio-token';

export function readToken(pageUrl: string): string | null {
  return new URL(pageUrl).searchParams.get('token');
}

export function eventsUrl(pageUrl: string, token: string | null): string {
  const url = new URL('/events', pageUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  if (token !== null) url.searchParams.set('token', token);
  return url.toString();
}

export function createWebClient(options: WebTransportOptions): WebStudioClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const Socket = options.WebSocket ?? (globalThis.WebSocket as unknown as new (url: string) => WebSocketLike);
  const schedule = options.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms));
  const cancel = options.clearTimeout ?? ((id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>));
  const initialDelay = options.initialDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const token = readToken(options.pageUrl);
  const origin = new URL(options.pageUrl).origin;

  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  const connectionHandlers = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocketLike | null = null;
  let failures = 0;
  let timer: unknown = null;
  let disposed = false;

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const handler of [...connectionHandlers]) handler(state);
  }

  function connect(): void {
    if (disposed) return;
    let ws: WebSocketLike;
    try {
      ws = new Socket(eventsUrl(options.pageUrl, token));
    } catch {
      retry();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      failures = 0;
      setState('open');
    };
    ws.onmessage = (message) => deliver(message.data);
    // A failed connection fires error then close; reconnecting on close alone avoids doing it twice.
    ws.onerror = () => {};
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      retry();
    };
  }

  function retry(): void {
    if (disposed) return;
    setState('reconnecting');
    const delay = Math.min(maxDelay, initialDelay * 2 ** failures);
    failures++;
    timer = schedule(() => {
      timer = null;
      connect();
    }, delay);
  }

  function deliver(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      console.warn('studio events: ignored a message that is not JSON', data.slice(0, 200));
      return;
    }
    if (typeof message !== 'object' || message === null || typeof (message as { event?: unknown }).event !== 'string') {
      console.warn('studio events: ignored a message without an "event" name', message);
      return;
    }
    const { event, payload } = message as { event: string; payload: unknown };
    for (const handler of [...(handlers.get(event) ?? [])]) handler(payload);
  }

  connect();

  return {
    async invoke(channel, args) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== null) headers[TOKEN_HEADER] = token;
      let response: Response;
      try {
        response = await doFetch(`${origin}/api/${channel}`, { method: 'POST', headers, body: JSON.stringify(args ?? {}) });
      } catch (error) {
        throw new StudioRequestError(channel, {
          name: 'NetworkError',
          message: `Cannot reach the studio server (${channel}): ${error instanceof Error ? error.message : String(error)}`,
          code: 'network',
        });
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw new StudioRequestError(channel, {
          name: 'ProtocolError',
          message: `${channel}: the server answered HTTP ${response.status} ${response.statusText} without a JSON body`,
          code: `http-${response.status}`,
        });
      }
      const envelope = body as { ok?: unknown; result?: unknown; error?: unknown };
      if (envelope?.ok === true) return envelope.result as never;
      if (envelope?.ok === false && isErrorData(envelope.error)) throw new StudioRequestError(channel, envelope.error);
      throw new StudioRequestError(channel, {
        name: 'ProtocolError',
        message: `${channel}: unexpected answer from the server (HTTP ${response.status})`,
        code: `http-${response.status}`,
      });
    },
    on(event, handler) {
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      const h = handler as (payload: unknown) => void;
      set.add(h);
      return () => set.delete(h);
    },
    onConnection(handler) {
      connectionHandlers.add(handler);
      handler(state);
      return () => connectionHandlers.delete(handler);
    },
    sourceForFile(file, onProgress) {
      // XMLHttpRequest, not fetch: only it reports upload progress. The body streams from disk.
      return new Promise((resolve, reject) => {
        const request = new XMLHttpRequest();
        request.open('POST', `${origin}/upload?name=${encodeURIComponent(file.name)}`);
        if (token !== null) request.setRequestHeader(TOKEN_HEADER, token);
        request.upload.onprogress = (e) => onProgress?.(e.loaded, e.total || file.size);
        request.onerror = () => reject(new StudioRequestError('upload', { name: 'NetworkError', message: `Uploading ${file.name} failed: the studio server could not be reached`, code: 'network' }));
        request.onload = () => {
          let envelope: { ok?: boolean; result?: { uploadId: string }; error?: unknown } | null = null;
          try {
            envelope = JSON.parse(request.responseText);
          } catch {
            /* answered below */
          }
          if (envelope?.ok === true && envelope.result) resolve({ kind: 'upload', uploadId: envelope.result.uploadId });
          else if (envelope?.ok === false && isErrorData(envelope.error)) reject(new StudioRequestError('upload', envelope.error));
          else reject(new StudioRequestError('upload', { name: 'ProtocolError', message: `Uploading ${file.name} failed (HTTP ${request.status})`, code: `http-${request.status}` }));
        };
        request.send(file);
      });
    },
    startDownload(url, fileName) {
      // Only the studio's own server: the address comes from an answer, and the page goes nowhere else.
      const target = new URL(url, origin);
      if (target.origin !== origin) throw new StudioRequestError('download', { name: 'Error', message: `Refused to download from ${target.origin}` });
      const doc = options.document ?? globalThis.document;
      const link = doc.createElement('a');
      link.href = target.href;
      link.download = fileName;
      link.rel = 'noopener';
      link.hidden = true;
      doc.body.append(link);
      link.click();
      link.remove();
    },
    dispose() {
      disposed = true;
      if (timer !== null) cancel(timer);
      const ws = socket;
      socket = null;
      ws?.close();
    },
  };
}
