// better-sqlite3 is a native module built for Node's ABI by `npm install`; the desktop app runs
// the same services inside Electron, whose ABI differs. Rebuilding in place would break the CLI,
// web mode and the tests (all Node), so a second copy is built from the package's own sources for
// Electron and kept beside it, named by ABI; the store hands it to better-sqlite3 as
// `nativeBinding` when it runs inside Electron (src/services/datasets/store/sqlite-binding.ts).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Where the Electron build of the addon lives for an ABI (process.versions.modules). */
export function electronAddonPath(sqliteDir, abi) {
  return join(sqliteDir, `electron-abi-${abi}`, 'better_sqlite3.node');
}

/** npm's own node-gyp (npm sets npm_config_node_gyp for install scripts). */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((path) => path && existsSync(path)) ?? null;
}

/**
 * Builds the addon for one runtime into electronAddonPath(…, abi). Returns null when built, or
 * why not (the headers cannot be downloaded, no compiler, …), never throws.
 */
export function buildSqliteAddon({ runtime, target, abi, distUrl, nodedir }) {
  let sqliteDir;
  try {
    sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
  } catch {
    return 'better-sqlite3 is not installed';
  }
  const destination = electronAddonPath(sqliteDir, abi);
  if (existsSync(destination)) return null;
  const gyp = nodeGyp();
  if (!gyp) return "npm's node-gyp was not found";
  const work = mkdtempSync(join(tmpdir(), 'code-studio-sqlite-'));
  try {
    for (const part of ['binding.gyp', 'src', 'deps']) cpSync(join(sqliteDir, part), join(work, part), { recursive: true });
    const args = [gyp, 'rebuild', '--release', `--runtime=${runtime}`, `--target=${target}`,
      ...(distUrl ? [`--dist-url=${distUrl}`] : []), ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
    const result = spawnSync(process.execPath, args, { cwd: work, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 600_000 });
    if (result.status !== 0) {
      const stderr = result.stderr || result.error?.message || 'unknown error';
      if (/network connectivity|ENOTFOUND|EAI_AGAIN/.test(stderr)) return `its headers could not be downloaded${distUrl ? ` from ${distUrl}` : ''}`;
      const lines = stderr.trim().split('\n');
      return (lines.find((l) => /error:|gyp ERR! stack Error/i.test(l)) ?? lines.at(-1)).trim();
    }
    mkdirSync(dirname(destination), { recursive: true });
    cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), destination);
    return null;
  } catch (error) {
    return error.message;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Builds the addon for the installed Electron, if its binary runs; one line says what happened. */
export function buildSqliteForElectron(electronDir) {
  const { version } = require(join(electronDir, 'package.json'));
  const electronBinary = require(electronDir); // the binary's path
  const probe = spawnSync(electronBinary, ['-p', 'process.versions.modules'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8', timeout: 60_000,
  });
  const abi = probe.stdout?.trim();
  if (probe.status !== 0 || !/^\d+$/.test(abi ?? '')) {
    console.log('code-studio: Electron did not start to report its ABI; the Datasets view will say it cannot open its database there.');
    return;
  }
  const why = buildSqliteAddon({ runtime: 'electron', target: version, abi, distUrl: 'https://electronjs.org/headers' });
  console.log(why === null
    ? `code-studio: the dataset database (better-sqlite3) is built for Electron ${version} too.`
    : `code-studio: better-sqlite3 could not be built for Electron ${version} (${why}); the desktop app's Datasets view will say so, and web mode (\`node bin/code-studio.mjs studio\`) has it.`);
}
