// Where the native kernel library may be: CODE_STUDIO_NATIVE_KERNELS=/path/to/library, else
// build/native/ of the checkout (scripts/build-native-kernels.mjs puts it there), found by walking
// up from this module — src/ml/kernels/native/ when run through tsx, out/main/ in the desktop
// bundle — and, in a packaged desktop app, its resources folder: a shared library cannot be
// loaded from inside an asar archive (dlopen reads the real file system), so packaging copies
// build/native/ to <resources>/native/ (electron-builder.yml, extraResources). A copy found inside
// app.asar (had it been packed there) is looked for in app.asar.unpacked instead, where
// electron-builder's asarUnpack puts real files.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Keep in step with scripts/build-native-kernels.mjs. */
export const LIBRARY_NAME = process.platform === 'darwin' ? 'libstudio-kernels.dylib' : process.platform === 'win32' ? 'studio-kernels.dll' : 'libstudio-kernels.so';

/** What the search reads; each defaults to this process's (tests pass their own). */
export interface LibrarySearch {
  /** CODE_STUDIO_NATIVE_KERNELS */
  override?: string | undefined;
  /** The folder the walk up starts from (this module's). */
  moduleDir?: string;
  /** Electron's process.resourcesPath (undefined outside Electron). */
  resourcesPath?: string | undefined;
  exists?: (path: string) => boolean;
  name?: string;
}

/** Library files to try, best first: the override alone, else every build found. */
export function libraryCandidates(search: LibrarySearch = {}): string[] {
  const chosen = 'override' in search ? search.override : process.env.CODE_STUDIO_NATIVE_KERNELS;
  if (chosen && chosen !== 'off') return [chosen];
  const exists = search.exists ?? existsSync;
  const name = search.name ?? LIBRARY_NAME;
  const found: string[] = [];
  const add = (path: string) => {
    if (!found.includes(path) && exists(path)) found.push(path);
  };
  let dir = search.moduleDir ?? dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 6; level++) {
    add(outsideAsar(join(dir, 'build', 'native', name)));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const resources = 'resourcesPath' in search ? search.resourcesPath : (process as { resourcesPath?: string }).resourcesPath;
  if (resources) add(join(resources, 'native', name));
  return found;
}

/** …/app.asar/… → …/app.asar.unpacked/…: Electron's fs sees into the archive, dlopen does not. */
export function outsideAsar(path: string): string {
  return path.replace(/([\\/])app\.asar(?=[\\/])/, '$1app.asar.unpacked');
}
