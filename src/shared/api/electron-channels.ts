// What main, preload and the renderer agree on: the one IPC channel for requests, the one for pushed
// events, the command-line switch that hands the app version to the preload, and the shape of the
// bridge the preload exposes on window (the renderer's desktop transport reads it).
export const INVOKE_CHANNEL = 'studio:invoke';
export const EVENT_CHANNEL = 'studio:event';
export const VERSION_ARGUMENT = '--studio-version=';
export interface StudioBridge {
  /** The app's version (package.json), passed by the main process. */
  readonly version: string;
  /** Electron, Chromium and Node versions of the running app, for the About box and bug reports. */
  readonly versions: { readonly electron: string; readonly chrome: string; readonly node: string };
  readonly platform: string;
  /** Sends a request of the typed contract (src/shared/api/contract.ts); rejects with the service's error. */
  invoke(channel: string, args: unknown): Promise<unknown>;
  /** Subscribes to a pushed event of the contract; returns the unsubscribe function. */
  on(event: string, handler: (payload: unknown) => void): () => void;
  /** The path of a file the user picked or dropped (Electron's webUtils.getPathForFile); '' when it has none. */
  pathForFile(file: File): string;
}
