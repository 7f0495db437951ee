// The preload script: the only bridge between the sandboxed renderer and Electron. It exposes one
// typed, frozen `studio` object on window; no ipcRenderer, no Node APIs. Built as CommonJS
// (index.cjs) because a sandboxed preload cannot be an ES module. The real API arrives in issue 3.
import { contextBridge } from 'electron';

export interface StudioBridge {
  /** The app's version (package.json), passed by the main process. */
  readonly version: string;
  /** Electron, Chromium and Node versions of the running app, for the About box and bug reports. */
  readonly versions: { readonly electron: string; readonly chrome: string; readonly node: string };
  readonly platform: string;
}

const VERSION_ARGUMENT = '--studio-version=';

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
});

contextBridge.exposeInMainWorld('studio', studio);
