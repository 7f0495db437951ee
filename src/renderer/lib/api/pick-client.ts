// Chooses the transport for this page: the preload bridge inside Electron, HTTP + WebSocket when
// a plain browser loaded the same files from the web shell.
import { createDesktopClient } from './desktop-transport';
import type { StudioClient } from './studio-client';
import { createWebClient } from './web-transport';

function hasBridge(win: Window): boolean {
  const bridge = win.studio;
  return Boolean(bridge && typeof bridge.invoke === 'function' && typeof bridge.on === 'function');
}

export function createStudioClient(win: Window): StudioClient {
  if (hasBridge(win)) return createDesktopClient(win.studio!);
  return createWebClient({ pageUrl: win.location.href });
}

/** A browser page of the web shell opened without `?token=`: nothing it asks would be answered. */
export function needsAccessToken(win: Window): boolean {
  return !hasBridge(win) && !new URL(win.location.href).searchParams.get('token');
}
