// Inside Electron, better-sqlite3 must load the copy of its addon built for Electron's ABI at
// install (scripts/build-sqlite-for-electron.mjs); everywhere else its own Node build.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The addon path to hand better-sqlite3 as `nativeBinding`, or undefined for its default. */
export function sqliteNativeBinding(): string | undefined {
  if (!process.versions.electron) return undefined;
  const sqliteDir = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
  const addon = join(sqliteDir, `electron-abi-${process.versions.modules}`, 'better_sqlite3.node');
  if (!existsSync(addon)) {
    throw new Error(`better-sqlite3 has no build for Electron's ABI ${process.versions.modules} (${addon}); npm install builds it where Electron's headers can be downloaded`);
  }
  return addon;
}
