// The Electron transport: requests and events go through the preload bridge (window.studio),
// which relays them over IPC to the main process. Errors come back rebuilt as StudioRequestError,
// whether the bridge rejects or hands over main's `{ ok, result | error }` envelope as it is.
// Not the preload itself (src/preload/index.ts) and not the web transport.
import type { StudioBridge } from '../../../shared/api/electron-channels';
import { StudioRequestError, isErrorData, type StudioClient } from './studio-client';

// ipcRenderer.invoke wraps a handler's error as "Error invoking remote method 'x': Error: message".
const IPC_PREFIX = /^Error invoking remote method '[^']*': (?:\w*Error: )?/;

export type DesktopBridge = Pick<StudioBridge, 'invoke' | 'on' | 'pathForFile'>;

/** main/ipc.ts answers `{ ok: true, result }` / `{ ok: false, error }`; a bare `{ ok: true }` is runs:pause's own result. */
function unwrap(channel: string, answer: unknown): unknown {
  if (typeof answer !== 'object' || answer === null) return answer;
  const envelope = answer as { ok?: unknown; result?: unknown; error?: unknown };
  if (envelope.ok === true && 'result' in envelope) return envelope.result;
  if (envelope.ok === false && isErrorData(envelope.error)) throw new StudioRequestError(channel, envelope.error);
  return answer;
}

export function createDesktopClient(bridge: DesktopBridge): StudioClient {
  return {
    async invoke(channel, args) {
      let answer: unknown;
      try {
        answer = await bridge.invoke(channel, args);
      } catch (error) {
        if (error instanceof Error) {
          const code = (error as Error & { code?: unknown }).code;
          throw new StudioRequestError(channel, {
            name: error.name,
            message: error.message.replace(IPC_PREFIX, ''),
            code: typeof code === 'string' ? code : undefined,
          });
        }
        if (isErrorData(error)) throw new StudioRequestError(channel, error);
        throw new StudioRequestError(channel, { name: 'Error', message: `${channel} failed: ${String(error)}` });
      }
      return unwrap(channel, answer) as never;
    },
    on(event, handler) {
      return bridge.on(event, handler as (payload: unknown) => void);
    },
    onConnection(handler) {
      // IPC to our own main process cannot drop the way a socket can.
      handler('open');
      return () => {};
    },
    async sourceForFile(file) {
      const path = bridge.pathForFile(file);
      if (!path) throw new StudioRequestError('datasets:import', { name: 'Error', message: `${file.name} is not a file on this computer` });
      return { kind: 'path', path };
    },
    startDownload(_url, fileName) {
      // The services write the desktop app's files after its save dialog; there is no server to download from.
      throw new StudioRequestError('download', { name: 'Error', message: `${fileName}: the desktop app saves files itself, it does not download them` });
    },
  };
}
