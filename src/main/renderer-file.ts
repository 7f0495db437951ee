// Which file of the built renderer an app:// URL names, and the headers it is served with. Pure
// Node (no Electron), so it is tested directly; app-protocol.ts hands its answers to Electron.
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { contentTypeOf, cspFor } from '../shared/api/renderer-policy';

export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
/** The studio page in the desktop app: a real origin, so workers and fetch work as on the web. */
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export type RendererFile =
  | { status: 200; body: Buffer; headers: Record<string, string> }
  | { status: 400 | 403 | 404; body: string; headers: Record<string, string> };

export async function rendererFile(rootDir: string, url: string): Promise<RendererFile> {
  const text = { 'content-type': 'text/plain; charset=utf-8' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 400, body: 'Bad URL', headers: text };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { status: 403, body: 'Forbidden', headers: text };
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname === '/' ? '/index.html' : parsed.pathname);
  } catch {
    return { status: 400, body: 'Bad escape in the path', headers: text };
  }
  const root = normalize(rootDir);
  const path = normalize(join(root, relative));
  if (relative.includes('\0') || !path.startsWith(root + sep)) return { status: 403, body: 'Forbidden', headers: text };
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
    return {
      status: 200,
      body: await readFile(path),
      headers: { 'content-type': contentTypeOf(path), 'content-security-policy': cspFor(relative), 'x-content-type-options': 'nosniff' },
    };
  } catch {
    return { status: 404, body: `Not found: ${parsed.pathname}`, headers: text };
  }
}
