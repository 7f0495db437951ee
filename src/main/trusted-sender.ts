// Which frames may call the studio over IPC: only the top frame of one of the studio's own windows,
// showing the studio's own page (app://studio/, or the dev server in development). Anything else —
// a subframe, a page navigated elsewhere, a devtools extension — is refused. Pure, so it is tested
// without Electron.

export interface SenderFrame {
  url: string;
  /** True when this frame is its window's main frame (no parent). */
  isTopFrame: boolean;
  /** True when the frame belongs to a window the studio created. */
  isStudioWindow: boolean;
}

export interface AppPages {
  /** URL of the built renderer's index.html (app://studio/index.html). */
  pageUrl: string;
  /** ELECTRON_RENDERER_URL in development, if any. */
  devServerUrl?: string;
}

export function isTrustedSender(frame: SenderFrame | null | undefined, pages: AppPages): boolean {
  if (!frame || !frame.isTopFrame || !frame.isStudioWindow) return false;
  return isAppPage(frame.url, pages);
}

/** The studio's page, ignoring query and hash (the renderer keeps its view in the hash). */
export function isAppPage(url: string, pages: AppPages): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const expected = new URL(pages.pageUrl);
  if (parsed.protocol === expected.protocol) {
    const path = parsed.pathname === '/' ? '/index.html' : parsed.pathname;
    return path === expected.pathname && parsed.host === expected.host;
  }
  if (!pages.devServerUrl) return false;
  try {
    return parsed.origin === new URL(pages.devServerUrl).origin;
  } catch {
    return false;
  }
}
