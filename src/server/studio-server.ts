// The web shell: the studio's services over HTTP + WebSocket for a browser, bound to 127.0.0.1
// only, with a random token in the URL that every API call and the event socket must present,
// Host and Origin checks against DNS rebinding and cross-site pages, and the same built renderer
// the desktop app shows. Requests: POST /api/<channel>; events: WebSocket /events.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { isRequestChannel, type RequestChannel } from '../shared/api/contract';
import { toErrorData } from '../shared/api/errors';
import { parseRequestArgs } from '../shared/api/schemas';
import type { Studio } from '../services/studio/studio-services';
import { serveStatic } from './static-files';

export interface StudioServerOptions {
  studio: Studio;
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface StudioServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;

export async function startStudioServer(options: StudioServerOptions): Promise<StudioServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const { studio } = options;
  let port = 0;

  const allowedHost = (host: string | undefined) => host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  const allowedOrigin = (origin: string | undefined) => origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
  const tokenMatches = (given: string | null | undefined) => {
    if (!given || given.length !== token.length) return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(token));
  };

  const server: Server = createServer((request, response) => {
    void handle(request, response).catch((error) => sendJson(response, 500, { ok: false, error: toErrorData(error) }));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHost(request.headers.host)) {
      response.writeHead(421, { 'content-type': 'text/plain' }).end('This studio answers only on 127.0.0.1 and localhost');
      return;
    }
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    if (!url.pathname.startsWith('/api/')) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405).end();
        return;
      }
      await serveStatic(options.rendererDir, url.pathname, response);
      return;
    }
    if (request.method !== 'POST') {
      sendJson(response, 405, { ok: false, error: { name: 'MethodNotAllowed', message: 'API calls are POST requests' } });
      return;
    }
    if (!tokenMatches(request.headers['x-studio-token'] as string | undefined)) {
      sendJson(response, 401, { ok: false, error: { name: 'Unauthorized', message: 'Missing or wrong studio token: open the URL the studio printed', code: 'unauthorized' } });
      return;
    }
    // Browsers send Origin on cross-site POSTs; a page from elsewhere must not drive the studio.
    if (request.headers.origin !== undefined && !allowedOrigin(request.headers.origin)) {
      sendJson(response, 403, { ok: false, error: { name: 'Forbidden', message: 'Cross-origin request refused' } });
      return;
    }
    const channel = url.pathname.slice('/api/'.length);
    if (!isRequestChannel(channel)) {
      sendJson(response, 404, { ok: false, error: { name: 'NotFound', message: `Unknown request "${channel}"`, code: 'unknown-channel' } });
      return;
    }
    let body: unknown;
    try {
      body = await readJsonBody(request);
    } catch (error) {
      sendJson(response, 400, { ok: false, error: toErrorData(error) });
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

  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    if (url.pathname !== '/events' || !allowedHost(request.headers.host) || !allowedOrigin(request.headers.origin) || !tokenMatches(url.searchParams.get('token'))) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      const unsubscribe = studio.events.subscribe((event, payload) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
      });
      ws.on('close', unsubscribe);
      ws.send(JSON.stringify({ event: 'engine:status', payload: studio.supervisor.status }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}


async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('Request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw Object.assign(new Error('The request body is not valid JSON'), { code: 'invalid-arguments' });
  }
}
