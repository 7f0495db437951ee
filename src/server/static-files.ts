// Serves the built renderer (out/renderer) to the browser: files only from inside that folder,
// with content types (the security headers are set by the server for every response).
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join, normalize, sep } from 'node:path';
import { contentTypeOf, SANDBOX_WORKER_CSP, SANDBOX_WORKER_PATH } from '../shared/api/renderer-policy';


export async function serveStatic(rootDir: string, urlPath: string, response: ServerResponse): Promise<void> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
  } catch {
    response.writeHead(400, { 'content-type': 'text/plain' }).end('Bad escape in the path');
    return;
  }
  const path = normalize(join(rootDir, relative));
  if (relative.includes('\0') || !path.startsWith(normalize(rootDir) + sep)) {
    response.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
    return;
  }
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
    const body = await readFile(path);
    if (relative === SANDBOX_WORKER_PATH) response.setHeader('Content-Security-Policy', SANDBOX_WORKER_CSP);
    response.writeHead(200, {
      'content-type': contentTypeOf(path),
      'cache-control': 'no-cache',
    });
    response.end(body);
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: ${urlPath}`);
  }
}
