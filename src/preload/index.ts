// The preload script: the only bridge between the sandboxed renderer and Electron. It exposes one
// typed, frozen `studio` object on window; no ipcRenderer, no Node APIs. Built as CommonJS
// (index.cjs) because a sandboxed preload cannot be an ES module. It relays only the contract's
// channels (checked here and again in main).
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, isRequestChannel } from '../shared/api/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL, VERSION_ARGUMENT, type StudioBridge } from '../shared/api/electron-channels';

// A sandboxed preload cannot read package.json; main hands the version over on the command line.
const versionArgument = process.argv.find((arg) => arg.startsWith(VERSION_ARGUMENT));

const studio: StudioBridge = Object.freeze({
  version: versionArgument ? versionArgument.slice(VERSION_ARGUMENT.length) : 'unknown',
  versions: Object.freeze({
    electron: process.versions.electron ?? 'unknown',
    chrome: process.versions.chrome ?? 'unknown',
    node: process.versions.node,
  }),
  platform: process.platform,
  invoke: (channel: string, args: unknown) => {
    if (!isRequestChannel(channel)) return Promise.reject(new Error(`Unknown request "${channel}"`));
    return ipcRenderer.invoke(INVOKE_CHANNEL, channel, args);
  },
  on: (event: string, handler: (payload: unknown) => void) => {
    if (!Object.prototype.hasOwnProperty.call(EVENT_CHANNELS, event)) throw new Error(`Unknown event "${event}"`);
    const listener = (_e: IpcRendererEvent, message: { event: string; payload: unknown }) => {
      if (message.event === event) handler(message.payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, listener);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, listener);
  },
  pathForFile: (file: File) => webUtils.getPathForFile(file),
});

contextBridge.exposeInMainWorld('studio', studio);
