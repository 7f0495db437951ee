// The renderer's one way to talk to the studio: typed requests and pushed events of the shared
// contract, whatever carries them (Electron IPC or the web shell's HTTP + WebSocket). Not a
// transport itself: see desktop-transport.ts and web-transport.ts; pick-client.ts chooses one.
import type { ErrorData, EventChannel, Events, RequestArgs, RequestChannel, RequestResult } from '../../../shared/api/contract';
import type { ImportSource } from '../../../shared/api/dataset-types';

/** 'reconnecting' means pushed events are not arriving: the UI says so and refreshes once 'open' again. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface StudioClient {
  invoke<K extends RequestChannel>(channel: K, args: RequestArgs<K>): Promise<RequestResult<K>>;
  on<E extends EventChannel>(event: E, handler: (payload: Events[E]) => void): () => void;
  /** Reports the event channel's state now and on every change; returns the unsubscribe function. */
  onConnection(handler: (state: ConnectionState) => void): () => void;
  /**
   * Makes a file the user picked or dropped importable: the desktop app names its path; the web
   * shell uploads it (reporting bytes sent) and names the upload.
   */
  sourceForFile(file: File, onProgress?: (sent: number, total: number) => void): Promise<ImportSource>;
  /**
   * Has the browser save what the studio's server streams at `url` (a one-time download address a
   * request answered with, e.g. an exported dataset version) under `fileName`: a navigation, so the
   * file is never held in the page. Web shell only: the desktop app saves files itself.
   */
  startDownload(url: string, fileName: string): void;
}

/** An error rebuilt from the plain data a service sent: same message, its name and code kept. */
export class StudioRequestError extends Error {
  readonly code?: string;
  readonly channel: string;
  constructor(channel: string, data: ErrorData) {
    super(data.message);
    this.name = data.name || 'Error';
    this.code = data.code;
    this.channel = channel;
  }
}

export function isErrorData(value: unknown): value is ErrorData {
  return (
    typeof value === 'object' && value !== null && typeof (value as ErrorData).message === 'string' &&
    (typeof (value as ErrorData).name === 'string' || (value as ErrorData).name === undefined)
  );
}

/** Any thrown value as a message a person can read. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (isErrorData(error)) return error.message;
  if (typeof error === 'string') return error;
  return 'unknown error';
}
