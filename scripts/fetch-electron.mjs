// Fetches Electron's binary where the network allows, and never fails `npm install`.
// Electron's own install script is disabled in package.json ("allowScripts") because it
// aborts the whole install on machines that cannot reach its download host; here we run
// the same script, tolerate its failure, and say in one line what that means.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildSqliteForElectron } from './build-sqlite-for-electron.mjs';

const require = createRequire(import.meta.url);
let electronDir;
try {
  electronDir = dirname(require.resolve('electron/package.json'));
} catch {
  process.exit(0); // production install without devDependencies: nothing to fetch
}
const installer = join(electronDir, 'install.js');
if (!existsSync(installer) || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) process.exit(0);

const result = spawnSync(process.execPath, [installer], {
  cwd: electronDir,
  stdio: ['ignore', 'ignore', 'pipe'],
  timeout: 120_000,
  encoding: 'utf8',
});
if (result.status === 0) {
  console.log('code-studio: Electron binary ready; `npm start` opens the desktop app.');
  buildSqliteForElectron(electronDir);
} else {
  const lines = (result.stderr || result.error?.message || 'unknown error').trim().split('\n');
  const reason = (lines.find((l) => /ENOTFOUND|fetch failed|Error:/.test(l)) ?? lines[0]).trim();
  console.log(`code-studio: Electron binary could not be downloaded (${reason}); ` +
    '`npm start` will open the studio in your browser (web mode) instead.');
}
