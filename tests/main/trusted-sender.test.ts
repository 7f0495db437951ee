// The IPC sender check without Electron: only the studio window's top frame on the studio's own
// page may call; subframes, other windows, other files, other origins and junk URLs may not.
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppPage, isTrustedSender } from '../../src/main/trusted-sender';

const pageUrl = 'app://studio/index.html';
const fileUrl = pathToFileURL('/opt/code-studio/out/renderer/index.html').href;
const pages = { pageUrl };
const dev = { pageUrl, devServerUrl: 'http://localhost:5173/' };
const top = (url: string) => ({ url, isTopFrame: true, isStudioWindow: true });

describe('isTrustedSender', () => {
  it('accepts the studio page in its own window, with any hash or query', () => {
    expect(isTrustedSender(top(pageUrl), pages)).toBe(true);
    expect(isTrustedSender(top('app://studio/'), pages)).toBe(true);
    expect(isTrustedSender(top(`${pageUrl}#/runs`), pages)).toBe(true);
    expect(isTrustedSender(top('http://localhost:5173/#/runs'), dev)).toBe(true);
  });

  it('refuses subframes, foreign windows, other files and origins, and junk', () => {
    expect(isTrustedSender({ url: pageUrl, isTopFrame: false, isStudioWindow: true }, pages)).toBe(false);
    expect(isTrustedSender({ url: pageUrl, isTopFrame: true, isStudioWindow: false }, pages)).toBe(false);
    expect(isTrustedSender(null, pages)).toBe(false);
    for (const url of [
      fileUrl, 'app://evil/index.html', 'app://studio/other.html', 'app://studio/assets/python-worker.js',
      pathToFileURL('/tmp/evil.html').href, pathToFileURL('/opt/code-studio/out/renderer/other.html').href, 'https://evil.example/',
      'http://localhost:5173/', 'about:blank', 'data:text/html,hi', 'javascript:alert(1)', '', '::::', 'file://remote-host/opt/code-studio/out/renderer/index.html',
    ]) {
      expect(isTrustedSender(top(url), pages), url).toBe(false);
    }
    expect(isTrustedSender(top('http://localhost:5174/'), dev)).toBe(false);
    expect(isAppPage('http://127.0.0.1:5173/', dev)).toBe(false);
  });
});

describe('rendererFile (app://studio/)', () => {
  it('serves files inside the renderer folder with their type and CSP, and nothing outside it', async () => {
    const { mkdtemp, mkdir, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { rendererFile } = await import('../../src/main/renderer-file');
    const { RENDERER_CSP, SANDBOX_WORKER_CSP } = await import('../../src/shared/api/renderer-policy');
    const root = await mkdtemp(join(tmpdir(), 'renderer-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), '<html>');
    await writeFile(join(root, 'assets', 'python-worker.js'), '//');
    await writeFile(join(root, '..', 'secret.txt'), 'no');
    const page = await rendererFile(root, 'app://studio/');
    expect(page).toMatchObject({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': RENDERER_CSP } });
    expect((await rendererFile(root, 'app://studio/assets/python-worker.js')).headers['content-security-policy']).toBe(SANDBOX_WORKER_CSP);
    for (const url of ['app://studio/../secret.txt', 'app://studio/%2e%2e/secret.txt', 'app://studio/..%2fsecret.txt', 'app://other/index.html', 'file:///etc/passwd']) {
      expect((await rendererFile(root, url)).status, url).not.toBe(200);
    }
    expect((await rendererFile(root, 'app://studio/%')).status).toBe(400);
    expect((await rendererFile(root, 'app://studio/missing.js')).status).toBe(404);
  });
});
