// Electron main process entry: one sandboxed window showing the renderer, with navigation, new
// windows, webviews and permission prompts refused; the studio's services behind IPC; the engine
// in a utility process; the save dialog of dataset exports (the services write the file). TF.js is
// never imported in main.
import { join } from 'node:path';
import { app, BrowserWindow, dialog, session, type SaveDialogOptions } from 'electron';
import { openDataDir } from '../services/data-dir';
import { VERSION_ARGUMENT } from '../shared/api/electron-channels';
import { createStudio, type Studio } from '../services/studio/studio-services';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { registerIpc } from './ipc';
import { APP_PAGE_URL } from './renderer-file';
import { isAppPage, type AppPages } from './trusted-sender';
import { utilityEngine } from './utility-engine';

registerAppScheme();

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Code Studio',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      additionalArguments: [`${VERSION_ARGUMENT}${app.getVersion()}`],
    },
  });
  window.once('ready-to-show', () => window.show());

  // electron-vite dev sets ELECTRON_RENDERER_URL to its dev server; a build is served as app://studio/.
  const devServerUrl = process.env.ELECTRON_RENDERER_URL;
  void window.loadURL(!app.isPackaged && devServerUrl ? devServerUrl : APP_PAGE_URL);
  return window;
}

// Every web contents, present or future: the app is a single page, so any navigation, redirect,
// frame navigation, popup or embedded webview is either a bug or an attack (e.g. a link inside
// generated code).
app.on('web-contents-created', (_event, contents) => {
  // A reload (e.g. Vite's full reload in dev) targets the current URL and is allowed.
  contents.on('will-navigate', (event, url) => {
    if (url !== contents.getURL()) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppPage(url, appPages())) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame || event.url !== contents.getURL()) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

/** The studio's own page: the built renderer, or the dev server in development. */
function appPages(): AppPages {
  const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  return { pageUrl: APP_PAGE_URL, ...(devServerUrl ? { devServerUrl } : {}) };
}

let studio: Studio | null = null;

app.whenReady().then(async () => {
  // One permission only: writing to the clipboard ("Copy code" in the playground). Reading it,
  // media, notifications, geolocation and the rest are refused.
  const allowed = (permission: string) => permission === 'clipboard-sanitized-write';
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(allowed(permission)));
  // Checks (synchronous "is X allowed?" queries) follow the same rule.
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => allowed(permission));
  serveRenderer(join(import.meta.dirname, '../renderer'));
  const dataDir = await openDataDir(process.env.CODE_STUDIO_DATA_DIR ?? join(app.getPath('userData'), 'studio'));
  studio = createStudio({
    dataDir,
    // Packaged: resources/ is copied next to the app; in development it is the repository's.
    resourcesDir: app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources'),
    sharedDataDirs: app.isPackaged ? [] : [join(app.getAppPath(), '..', 'shared', 'data')],
    spawnEngine: utilityEngine(),
    mode: 'desktop',
    version: app.getVersion(),
    chooseSavePath,
  });
  registerIpc(studio, { pages: appPages(), windows: () => BrowserWindow.getAllWindows().map((w) => w.webContents) });
  createWindow();
  // macOS keeps apps alive without windows; clicking the dock icon should bring one back.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

/** Where to save an exported dataset version: the system's save dialog, over the studio's window. */
async function chooseSavePath(fileName: string, format: 'jsonl' | 'csv'): Promise<string | null> {
  const options: SaveDialogOptions = {
    title: 'Export dataset version',
    defaultPath: join(app.getPath('downloads'), fileName),
    filters: [format === 'csv' ? { name: 'CSV', extensions: ['csv'] } : { name: 'JSON lines', extensions: ['jsonl'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const owner = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Give a training run the chance to checkpoint before the engine goes away.
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !studio) return;
  event.preventDefault();
  quitting = true;
  void studio.dispose().finally(() => app.quit());
});
