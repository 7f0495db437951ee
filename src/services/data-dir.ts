// Where the studio keeps its runs and dataset list: --data-dir, else CODE_STUDIO_DATA_DIR, else
// ~/.code-studio (the desktop app passes Electron's userData folder instead).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureWritableDir } from '../files/writable-dir';

export interface DataDir {
  root: string;
  runs: string;
  /** The dataset database (docs/decisions/008). */
  datasets: string;
  /** Files uploaded in web mode, waiting to be imported. */
  uploads: string;
}

export async function openDataDir(explicit?: string): Promise<DataDir> {
  const root = resolve(explicit ?? process.env.CODE_STUDIO_DATA_DIR ?? join(homedir(), '.code-studio'));
  const dir = { root, runs: join(root, 'runs'), datasets: join(root, 'datasets.sqlite'), uploads: join(root, 'uploads') };
  await ensureWritableDir(dir.runs, 'The data folder');
  return dir;
}
