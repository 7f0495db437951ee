// The web shell: the studio's services over HTTP + WebSocket for a browser, bound to 127.0.0.1
// only, with a random token in the URL that every API call and the event socket must present,
// Host and Origin checks against DNS rebinding and cross-site pages, and the same built renderer
// the desktop app shows. Requests: POST /api/<channel>; events: WebSocket /events; uploads: POST
// /upload; downloads: GET /download/<one-time ticket>.
// Nothing a client sends — before or after presenting the token — may end this process: every
// handler catches, every socket has an error handler, and sizes and queues are bounded
// (threat model: docs/decisions/004-web-mode-threat-model.md).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isRequestChannel, type RequestChannel } from '../shared/api/contract';
import { DOWNLOAD_PATH_PREFIX, ticketOfPath } from '../shared/api/downloads';
import { toErrorData } from '../shared/api/errors';
import { parseRequestArgs } from '../shared/api/schemas';
import type { Studio } from '../services/studio/studio-services';
import { createAccess, parseTarget } from './access';
import { answerClientError, refuseSocket } from './raw-response';
import { readJsonBody, RequestError } from './request-body';
import { applySecurityHeaders } from './security-headers';
import { DEFAULT_LIMITS, type ServerLimits } from './server-limits';
import { serveStatic } from './static-files';
import { UploadTooLargeError } from '../services/datasets/uploads';
import type { VersionDownload } from '../services/datasets/dataset-service';

export interface StudioServerOptions {
  studio: Studio;
  rendererDir: string;
  port?: number;
  token?: string;
  limits?: Partial<ServerLimits>;
}

export interface StudioServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** WebSocket close code for "try again later": the client reconnects and re-reads the state. */
const CLOSE_TOO_SLOW = 1013;

export async function startStudioServer(options: StudioServerOptions): Promise<StudioServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const { studio } = options;
  let port = 0;
  const access = createAccess(token, () => port);

  const server: Server = createServer((request, response) => {
    applySecurityHeaders(response);
    response.on('error', () => {}); // a client that vanished mid-answer is not the server's problem
    handle(request, response).catch((error) => {
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: toErrorData(error) });
      else response.destroy();
    });
  });
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.on('clientError', (error, socket) => answerClientError(error as NodeJS.ErrnoException, socket));
  server.on('connection', (socket) => socket.on('error', () => socket.destroy()));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Host first: a request for another name (DNS rebinding) learns nothing, not even a 400.
    if (!access.allowedHost(request.headers.host)) {
      sendText(response, 421, 'This studio answers only on 127.0.0.1 and localhost');
      return;
    }
    const url = parseTarget(request.url);
    if (!url) {
      sendText(response, 400, 'Bad request target');
      return;
    }
    if (url.pathname.startsWith(DOWNLOAD_PATH_PREFIX)) {
      await serveDownload(request, response, url.pathname);
      return;
    }
    if (!url.pathname.startsWith('/api/') && url.pathname !== '/upload') {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        sendText(response, 405, 'Method not allowed');
        return;
      }
      await serveStatic(options.rendererDir, url.pathname, response);
      return;
    }
    if (!authorised(request, response)) return;
    if (url.pathname === '/upload') {
      await receiveUpload(request, response, url.searchParams.get('name') ?? 'upload');
      return;
    }
    const channel = url.pathname.slice('/api/'.length);
    if (!isRequestChannel(channel)) {
      sendJson(response, 404, { ok: false, error: { name: 'NotFound', message: `Unknown request "${channel.slice(0, 80)}"`, code: 'unknown-channel' } });
      return;
    }
    let body: unknown;
    try {
      body = await readJsonBody(request, limits.maxBodyBytes);
    } catch (error) {
      const status = error instanceof RequestError ? error.status : 400;
      // The rest of an oversized or broken body is not worth reading: answer and close.
      response.setHeader('connection', 'close');
      sendJson(response, status, { ok: false, error: toErrorData(error) });
      return;
    }
    try {
      const args = parseRequestArgs(channel, body);
      const handler = studio.handlers[channel as RequestChannel] as (a: unknown) => Promise<unknown>;
      sendJson(response, 200, { ok: true, result: await handler(args) });
    } catch (error) {
      sendJson(response, 200, { ok: false, error: toErrorData(error) });
    }
  }

  /** API calls and uploads: POST, with the token, from the studio's own page. Answers the refusal itself. */
  function authorised(request: IncomingMessage, response: ServerResponse): boolean {
    if (request.method !== 'POST') {
      sendJson(response, 405, { ok: false, error: { name: 'MethodNotAllowed', message: 'API calls are POST requests' } });
      return false;
    }
    if (!access.tokenMatches(request.headers['x-studio-token'])) {
      sendJson(response, 401, { ok: false, error: { name: 'Unauthorized', message: 'Missing or wrong studio token: open the URL the studio printed', code: 'unauthorized' } });
      return false;
    }
    // Browsers send Origin on cross-site POSTs; a page from elsewhere must not drive the studio.
    if (request.headers.origin !== undefined && !access.allowedOrigin(request.headers.origin)) {
      sendJson(response, 403, { ok: false, error: { name: 'Forbidden', message: 'Cross-origin request refused' } });
      return false;
    }
    return true;
  }

  /** A dataset file streamed to the data dir (never held in memory); too large is refused with 413. */
  async function receiveUpload(request: IncomingMessage, response: ServerResponse, name: string): Promise<void> {
    const declared = request.headers['content-length'] !== undefined ? Number(request.headers['content-length']) : undefined;
    try {
      const upload = await studio.datasets.uploads.receive(name, request, Number.isFinite(declared) ? declared : undefined);
      sendJson(response, 200, { ok: true, result: upload });
    } catch (error) {
      response.setHeader('connection', 'close');
      sendJson(response, error instanceof UploadTooLargeError ? 413 : 400, { ok: false, error: toErrorData(error) });
    }
  }

  /**
   * GET /download/<ticket>: a file the page asked for through the API (`datasets:export` issues the
   * one-time ticket; a navigation cannot carry the token's header), streamed as the client reads it:
   * the next chunk is read from the database only once the last one has drained, nothing is held
   * whole, and a client that goes away stops the reading. Refusals are plain text, before any header.
   */
  async function serveDownload(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void> {
    if (request.method !== 'GET') {
      response.setHeader('allow', 'GET');
      sendText(response, 405, 'Method not allowed');
      return;
    }
    // The page's own navigation sends no Origin and Sec-Fetch-Site "same-origin"; another site's page does not.
    const site = request.headers['sec-fetch-site'];
    if ((request.headers.origin !== undefined && !access.allowedOrigin(request.headers.origin)) || site === 'cross-site' || site === 'same-site') {
      sendText(response, 403, 'Cross-origin request refused');
      return;
    }
    let closed = false;
    response.once('close', () => {
      closed = true;
    });
    const ticket = ticketOfPath(pathname);
    let download: VersionDownload | null = null;
    let next: IteratorResult<string, void> | null = null;
    try {
      download = ticket === null ? null : await studio.datasets.download(ticket);
      next = download && download.chunks.next(); // the first chunk before the headers: a failure is still a plain answer
    } catch (error) {
      download?.chunks.return(undefined);
      sendText(response, 500, `The export failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (!download || !next) {
      sendText(response, 404, 'This download link is unknown, used or expired (each works once, for a minute): export the version again from the studio');
      return;
    }
    const { chunks } = download;
    try {
      if (closed) return;
      response.writeHead(200, {
        'content-type': download.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        'content-disposition': attachment(download.fileName),
        'cache-control': 'no-store',
      });
      while (!next.done) {
        if (!response.write(next.value)) await drained(response, () => closed);
        else await new Promise((resolve) => setImmediate(resolve)); // other requests get their turn between chunks
        if (closed) return; // the client went away: read no further
        next = chunks.next(); // an error from here on ends the response unfinished (the caller destroys it)
      }
      response.end();
    } finally {
      chunks.return(undefined);
    }
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
  // With a listener, ws hands bad handshakes (key, version, method) to us instead of answering them
  // itself without the security headers; they all become 400.
  sockets.on('wsClientError', (_error, socket) => refuseSocket(socket, 400, 'Bad WebSocket handshake'));
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      upgrade(request, socket, head);
    } catch {
      refuseSocket(socket, 400, 'Bad request');
    }
  });

  function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!access.allowedHost(request.headers.host)) return refuseSocket(socket, 421, 'This studio answers only on 127.0.0.1 and localhost');
    const url = parseTarget(request.url);
    if (!url || url.pathname !== '/events') return refuseSocket(socket, 404, 'Not found');
    if (!access.allowedOrigin(request.headers.origin) || !access.tokenMatches(url.searchParams.get('token'))) {
      return refuseSocket(socket, 403, 'Forbidden');
    }
    sockets.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      // A bad frame (unmasked, oversized, bad opcode) closes this socket only.
      ws.on('error', () => ws.terminate());
      const send = (text: string) => {
        if (ws.readyState !== ws.OPEN) return;
        // A client that cannot keep up must not make the server hold its events without bound.
        if (ws.bufferedAmount > limits.maxBufferedBytes) {
          ws.close(CLOSE_TOO_SLOW, 'Too slow to receive events; reconnect');
          setTimeout(() => ws.terminate(), 1000).unref();
          return;
        }
        ws.send(text);
      };
      const unsubscribe = studio.events.subscribe((event, payload) => send(JSON.stringify({ event, payload })));
      ws.on('close', unsubscribe);
      send(JSON.stringify({ event: 'engine:status', payload: studio.supervisor.status }));
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      // Later errors (accept() failing when file descriptors run out) must not end the process.
      server.on('error', (error) => console.warn(`studio server: ${error.message}`));
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** Resolves once the response can take more, or is closed. */
function drained(response: ServerResponse, closed: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (closed()) {
      resolve();
      return;
    }
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

/** Content-Disposition for a download, the name reduced to characters no header or file system misreads. */
function attachment(fileName: string): string {
  const safe = fileName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '').slice(0, 120) || 'download';
  return `attachment; filename="${safe}"`;
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(text);
}
