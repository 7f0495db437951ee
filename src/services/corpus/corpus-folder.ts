// Where a pretraining corpus is: "stdlib" names this machine's Python standard library (asked of
// python3 itself, else looked for where Linux and macOS put it; the third-party packages installed
// inside it are left out); anything else is a folder, which must exist and hold at least one *.py file. Also the studio's rule for which corpus a page may
// name: in web mode a browser tab must not make the server read folders of its choosing, so only
// the standard library is offered there (as only catalogued datasets are); the desktop app and the
// CLI read any folder.
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { STDLIB_CORPUS } from '../../shared/config/pretrain-config';

export interface CorpusFolder {
  folder: string;
  /** Folder names the walk leaves out. */
  excludeFolders: string[];
}

/** Installed packages live inside the standard library's folder but are not part of it. */
const NOT_STDLIB = ['site-packages', 'dist-packages'];

/** The folder a corpus name stands for, checked; throws an error naming the path when it is no use. */
export async function resolveCorpus(corpus: string): Promise<CorpusFolder> {
  if (corpus === STDLIB_CORPUS) {
    const found = await pythonStdlib();
    if (!found) throw new Error('Pretraining corpus "stdlib": no Python standard library found on this machine (python3 is not installed, or not on PATH); name a folder of Python source instead');
    return { folder: found, excludeFolders: NOT_STDLIB };
  }
  return { folder: await resolveCorpusFolder(corpus), excludeFolders: [] };
}

/** A folder of Python source, checked: it exists, is a folder, holds a *.py file. Throws naming the path. */
export async function resolveCorpusFolder(corpus: string): Promise<string> {
  const folder = resolve(corpus);
  let info;
  try {
    info = await stat(folder);
  } catch {
    throw new Error(`Pretraining corpus ${folder} does not exist`);
  }
  if (!info.isDirectory()) throw new Error(`Pretraining corpus ${folder} is not a folder (name the folder that holds the *.py files)`);
  if (!(await holdsPythonFile(folder))) throw new Error(`Pretraining corpus ${folder} holds no *.py file`);
  return folder;
}

/** The studio's check before a run starts: the web shell accepts only "stdlib", and every corpus must resolve. */
export async function checkStudioCorpus(corpus: string, mode: 'desktop' | 'web'): Promise<void> {
  if (mode === 'web' && corpus !== STDLIB_CORPUS) {
    throw Object.assign(new Error(`In web mode the studio pretrains only on "${STDLIB_CORPUS}" (this machine's Python standard library); other folders: use the desktop app or code-studio train --pretrain-corpus DIR`), { code: 'forbidden' });
  }
  if (corpus !== STDLIB_CORPUS && !isAbsolute(corpus)) throw new Error(`Pretraining corpus: give the folder's full path (got "${corpus}")`);
  await resolveCorpus(corpus);
}

let stdlib: Promise<string | null> | undefined;

/** This machine's Python standard library folder, or null. Asked once per process. */
export function pythonStdlib(): Promise<string | null> {
  stdlib ??= askPython().then((found) => found ?? lookInUsualPlaces());
  return stdlib;
}

function askPython(): Promise<string | null> {
  return new Promise((done) => {
    execFile('python3', ['-I', '-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { timeout: 10_000 }, async (error, stdout) => {
      const path = error ? '' : stdout.trim();
      done(path && (await isStdlib(path)) ? path : null);
    });
  });
}

async function lookInUsualPlaces(): Promise<string | null> {
  for (const parent of ['/usr/local/lib', '/usr/lib', '/opt/homebrew/lib']) {
    let names: string[];
    try {
      names = await readdir(parent);
    } catch {
      continue;
    }
    const versions = names.filter((n) => /^python3\.\d+$/.test(n)).sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]));
    for (const name of versions) if (await isStdlib(join(parent, name))) return join(parent, name);
  }
  return null;
}

const isStdlib = (folder: string) => stat(join(folder, 'os.py')).then((s) => s.isFile(), () => false);

/** Depth-first, stops at the first *.py; folders it cannot read are passed over. */
async function holdsPythonFile(folder: string, depth = 0): Promise<boolean> {
  if (depth > 32) return false;
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return false;
  }
  if (entries.some((e) => e.name.endsWith('.py') && (e.isFile() || e.isSymbolicLink()))) return true;
  for (const e of entries) if (e.isDirectory() && (await holdsPythonFile(join(folder, e.name), depth + 1))) return true;
  return false;
}
