// A dataset version as a file the importers read back: JSON lines ({"description", "code"}) or CSV
// (intent, snippet: the CSV importer's default columns). Written in chunks, never whole in memory,
// and atomically: a reader sees the old file or the complete new one.
import Papa from 'papaparse';
import { writeFileAtomically } from '../../../files/atomic-write';
import { CSV_DEFAULT_FIELDS } from '../../../shared/dataset/import-csv';
import { JSONL_DEFAULT_FIELDS } from '../../../shared/dataset/import-jsonl';
import type { DatasetStore, StoredPair } from './dataset-store';

export type ExportFormat = 'jsonl' | 'csv';

const CHUNK = 2_000;

export async function exportVersion(store: DatasetStore, versionId: number, format: ExportFormat, path: string): Promise<{ pairs: number }> {
  let pairs = 0;
  const chunks = function* (): Generator<string> {
    if (format === 'csv') yield Papa.unparse([[CSV_DEFAULT_FIELDS.description as string, CSV_DEFAULT_FIELDS.code as string]]) + '\n';
    let batch: StoredPair[] = [];
    const flush = () => {
      const text = format === 'csv'
        ? Papa.unparse(batch.map((p) => [p.description, p.code]), { newline: '\n' }) + '\n'
        : batch.map((p) => JSON.stringify({ [JSONL_DEFAULT_FIELDS.description as string]: p.description, [JSONL_DEFAULT_FIELDS.code as string]: p.code })).join('\n') + '\n';
      pairs += batch.length;
      batch = [];
      return text;
    };
    for (const pair of store.iteratePairs(versionId)) {
      batch.push(pair);
      if (batch.length === CHUNK) yield flush();
    }
    if (batch.length > 0) yield flush();
  };
  await writeFileAtomically(path, chunks());
  return { pairs };
}
