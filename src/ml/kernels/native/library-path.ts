// Where the native kernel library may be: CODE_STUDIO_NATIVE_KERNELS=/path/to/library, else
// build/native/ of the checkout (scripts/build-native-kernels.mjs puts it there), found by walking
// up from this module — src/ml/kernels/native/ when run through tsx, out/main/ in the desktop
// bundle — and, in a packaged desktop app, its resources folder (a shared library cannot be
// loaded from inside an asar archive, so packaging must copy it there).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Keep in step with scripts/build-native-kernels.mjs. */
export const LIBRARY_NAME = process.platform === 'darwin' ? 'libstudio-kernels.dylib' : process.platform === 'win32' ? 'studio-kernels.dll' : 'libstudio-kernels.so';

export function libraryCandidates(): string[] {
  const chosen = process.env.CODE_STUDIO_NATIVE_KERNELS;
  if (chosen && chosen !== 'off') return [chosen];
  const found: string[] = [];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 6; level++) {
    const path = join(dir, 'build', 'native', LIBRARY_NAME);
    if (existsSync(path)) found.push(path);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources && existsSync(join(resources, 'native', LIBRARY_NAME))) found.push(join(resources, 'native', LIBRARY_NAME));
  return found;
}
