// `code-studio studio`: the studio in a browser (web mode) — the services, an engine process and
// the built renderer behind a 127.0.0.1 server with a random token. `npm start` runs this when
// no Electron binary is installed; on a headless GPU box it is the way to use the studio.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import pkg from '../../../package.json';
import { openDataDir } from '../../services/data-dir';
import { forkEngine } from '../../services/engine/fork-engine';
import { createStudio } from '../../services/studio/studio-services';
import { startStudioServer } from '../../server/studio-server';
import { action, parseIntOption } from '../output';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface StudioFlags {
  port: number;
  dataDir?: string;
  rendererDir: string;
  token?: string;
}

export function registerStudio(program: Command): void {
  program
    .command('studio')
    .description('open the studio in a browser: serves the built renderer and the engine on 127.0.0.1 (web mode)')
    .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', parseIntOption('--port'), 5599)
    .option('--data-dir <dir>', 'where runs are kept (default: $CODE_STUDIO_DATA_DIR or ~/.code-studio)')
    .option('--renderer-dir <dir>', 'the built renderer to serve', join(REPO_ROOT, 'out', 'renderer'))
    .option('--token <hex>', 'use this access token instead of a random one (tests)')
    .action(
      action(async (flags: StudioFlags) => {
        try {
          await access(join(flags.rendererDir, 'index.html'));
        } catch {
          throw new Error(`${flags.rendererDir} has no built renderer: run \`npm run build\` (npm start does it for you)`);
        }
        const dataDir = await openDataDir(flags.dataDir);
        const studio = createStudio({
          dataDir,
          resourcesDir: join(REPO_ROOT, 'resources'),
          sharedDataDirs: [join(REPO_ROOT, '..', 'shared', 'data')],
          spawnEngine: forkEngine(),
          mode: 'web',
          version: pkg.version,
        });
        let server;
        try {
          server = await startStudioServer({ studio, rendererDir: flags.rendererDir, port: flags.port, token: flags.token });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
          // Another studio (or anything else) holds the port: take any free one rather than fail.
          process.stdout.write(`Port ${flags.port} is in use; using a free port instead.\n`);
          server = await startStudioServer({ studio, rendererDir: flags.rendererDir, port: 0, token: flags.token });
        }
        process.stdout.write(`Code Studio (web mode) is running. Open this address in a browser:\n\n  ${server.url}\n\nRuns are kept in ${dataDir.root}. Press Ctrl+C to stop (a training run is checkpointed first).\n`);
        let closing = false;
        const shutdown = async () => {
          if (closing) process.exit(130);
          closing = true;
          process.stdout.write('stopping: checkpointing any training run…\n');
          await server.close();
          await studio.dispose();
          process.exit(0);
        };
        process.on('SIGINT', () => void shutdown());
        process.on('SIGTERM', () => void shutdown());
      }),
    );
}
