// `npm start`: the desktop app where Electron's binary is installed, otherwise — a headless box,
// or a machine that could not download Electron — the same studio in a browser (web mode).
// Runs after `electron-vite build` (see package.json).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const passThrough = process.argv.slice(2);

function electronBinary() {
  try {
    const path = require('electron'); // the package exports the binary's path, or throws when it is missing
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const binary = process.env.CODE_STUDIO_WEB ? null : electronBinary();
let child;
if (binary && !noDisplay) {
  child = spawn(binary, ['.', ...passThrough], { stdio: 'inherit' });
} else {
  const why = !binary ? 'the Electron binary is not installed here' : 'there is no display';
  console.log(`code-studio: ${why}; starting web mode instead.`);
  child = spawn(process.execPath, ['bin/code-studio.mjs', 'studio', ...passThrough], { stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
