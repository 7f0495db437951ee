// The datasets the studio offers: the built-in sample (resources/sample) and, where present,
// the shared real datasets of this machine (../shared/data, read in place, never copied).
import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DatasetSummary } from '../../shared/api/types';

export const SAMPLE_DATASET_ID = 'sample';

export class DatasetCatalog {
  constructor(private readonly resourcesDir: string, private readonly extraDirs: string[] = []) {}

  async list(): Promise<DatasetSummary[]> {
    const samplePath = join(this.resourcesDir, 'sample', 'english-python-sample.jsonl');
    const out: DatasetSummary[] = [
      { id: SAMPLE_DATASET_ID, name: 'Built-in sample (English → Python)', path: samplePath, builtIn: true, pairs: await countLines(samplePath) },
    ];
    for (const dir of this.extraDirs) {
      for (const [id, name, relative] of KNOWN_SHARED) {
        const path = resolve(dir, relative);
        if (await exists(path)) out.push({ id, name, path, builtIn: false, pairs: null });
      }
    }
    return out;
  }

  async get(id: string): Promise<DatasetSummary> {
    const found = (await this.list()).find((d) => d.id === id);
    if (!found) throw Object.assign(new Error(`No dataset "${id}"`), { code: 'not-found' });
    return found;
  }
}

const KNOWN_SHARED: [string, string, string][] = [
  ['seed-english-python', 'Seed dataset (english_python_data.txt)', 'english_python/english_python_data.txt'],
  ['conala-train', 'CoNaLa train (curated)', 'conala/conala-train.json'],
  ['conala-large-train', 'CoNaLa-Large train (CSV)', 'conala/CoNaLa-Large_train.csv'],
];

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function countLines(path: string): Promise<number | null> {
  try {
    return (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim()).length;
  } catch {
    return null;
  }
}
