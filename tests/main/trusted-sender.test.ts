// The IPC sender check without Electron: only the studio window's top frame on the studio's own
// page may call; subframes, other windows, other files, other origins and junk URLs may not.
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppPage, isTrustedSender } from '../../src/main/trusted-sender';

const fileUrl = pathToFileURL('/opt/code-studio/out/renderer/index.html').href;
const pages = { fileUrl };
const dev = { fileUrl, devServerUrl: 'http://localhost:5173/' };
const top = (url: string) => ({ url, isTopFrame: true, isStudioWindow: true });

describe('isTrustedSender', () => {
  it('accepts the studio page in its own window, with any hash or query', () => {
    expect(isTrustedSender(top(fileUrl), pages)).toBe(true);
    expect(isTrustedSender(top(`${fileUrl}#/runs`), pages)).toBe(true);
    expect(isTrustedSender(top('http://localhost:5173/#/runs'), dev)).toBe(true);
  });

  it('refuses subframes, foreign windows, other files and origins, and junk', () => {
    expect(isTrustedSender({ url: fileUrl, isTopFrame: false, isStudioWindow: true }, pages)).toBe(false);
    expect(isTrustedSender({ url: fileUrl, isTopFrame: true, isStudioWindow: false }, pages)).toBe(false);
    expect(isTrustedSender(null, pages)).toBe(false);
    for (const url of [
      pathToFileURL('/tmp/evil.html').href, pathToFileURL('/opt/code-studio/out/renderer/other.html').href, 'https://evil.example/',
      'http://localhost:5173/', 'about:blank', 'data:text/html,hi', 'javascript:alert(1)', '', '::::', 'file://remote-host/opt/code-studio/out/renderer/index.html',
    ]) {
      expect(isTrustedSender(top(url), pages), url).toBe(false);
    }
    expect(isTrustedSender(top('http://localhost:5174/'), dev)).toBe(false);
    expect(isAppPage('http://127.0.0.1:5173/', dev)).toBe(false);
  });
});
