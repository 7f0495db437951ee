// Electron IPC for the typed contract: one invoke channel for every request (arguments parsed
// with the contract's zod schemas, errors returned as plain data) and one event channel pushed
// to every window. The preload exposes exactly this, nothing else.
import { ipcMain, webContents } from 'electron';
import { isRequestChannel, type RequestChannel } from '../shared/api/contract';
import { toErrorData } from '../shared/api/errors';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/api/electron-channels';
import { parseRequestArgs } from '../shared/api/schemas';
import type { Studio } from '../services/studio/studio-services';


export function registerIpc(studio: Studio): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (_event, channel: unknown, args: unknown) => {
    try {
      if (typeof channel !== 'string' || !isRequestChannel(channel)) throw new Error(`Unknown request "${String(channel)}"`);
      const handler = studio.handlers[channel as RequestChannel] as (a: unknown) => Promise<unknown>;
      return { ok: true, result: await handler(parseRequestArgs(channel, args)) };
    } catch (error) {
      return { ok: false, error: toErrorData(error) };
    }
  });
  const unsubscribe = studio.events.subscribe((event, payload) => {
    for (const contents of webContents.getAllWebContents()) {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, { event, payload });
    }
  });
  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    unsubscribe();
  };
}
