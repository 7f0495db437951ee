// Chooses the transport for this page: the preload bridge inside Electron, HTTP + WebSocket when
// a plain browser loaded the same files from the web shell.
import { createDesktopClient } from './desktop-transport';
import type { StudioClient } from './studio-client';
import { createWebClient } from './web-transport';

export function createStudioClient(win: Window): StudioClient {
  const bridge = win.studio;
  if (bridge && typeof bridge.invoke === 'function' && typeof bridge.on === 'function') return createDesktopClient(bridge);
  return createWebClient({ pageUrl: win.location.href });
}
