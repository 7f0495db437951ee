// Electron IPC for the typed contract: one invoke channel for every request (arguments parsed
// with the contract's zod schemas, errors returned as plain data) and one event channel pushed
// to the studio's windows. The preload exposes exactly this, nothing else. Each call is checked
// for its sender: the top frame of a studio window on the studio's own page (trusted-sender.ts).
import { ipcMain, type WebContents } from 'electron';
import { isRequestChannel, type RequestChannel } from '../shared/api/contract';
import { toErrorData } from '../shared/api/errors';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/api/electron-channels';
import { parseRequestArgs } from '../shared/api/schemas';
import type { Studio } from '../services/studio/studio-services';
import { isTrustedSender, type AppPages } from './trusted-sender';


export interface IpcOptions {
  pages: AppPages;
  /** The web contents of the studio's own windows (the only ones that hear events and may call). */
  windows: () => WebContents[];
}

export function registerIpc(studio: Studio, options: IpcOptions): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, channel: unknown, args: unknown) => {
    try {
      const frame = event.senderFrame;
      const trusted = isTrustedSender(
        frame ? { url: frame.url, isTopFrame: frame.parent === null, isStudioWindow: options.windows().includes(event.sender) } : null,
        options.pages,
      );
      if (!trusted) throw Object.assign(new Error('Refused: this frame is not the studio window'), { code: 'forbidden' });
      if (typeof channel !== 'string' || !isRequestChannel(channel)) throw new Error(`Unknown request "${String(channel).slice(0, 80)}"`);
      const handler = studio.handlers[channel as RequestChannel] as (a: unknown) => Promise<unknown>;
      return { ok: true, result: await handler(parseRequestArgs(channel, args)) };
    } catch (error) {
      return { ok: false, error: toErrorData(error) };
    }
  });
  const unsubscribe = studio.events.subscribe((event, payload) => {
    for (const contents of options.windows()) {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, { event, payload });
    }
  });
  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    unsubscribe();
  };
}
