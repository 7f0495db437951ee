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
  await writeFileAtomically(path, (function* () {
    for (const chunk of versionChunks(store, versionId, format)) {
      pairs += chunk.pairs;
      yield chunk.text;
    }
  })());
  return { pairs };
}

/**
 * A version as text, a chunk of pairs at a time. JSON lines carry a pair's grouping key as
 * `question_id` (what the importers read it from), so a run split by question splits the same way.
 */
export function* versionChunks(store: DatasetStore, versionId: number, format: ExportFormat): Generator<{ text: string; pairs: number }> {
  if (format === 'csv') yield { text: Papa.unparse([[CSV_DEFAULT_FIELDS.description as string, CSV_DEFAULT_FIELDS.code as string]]) + '\n', pairs: 0 };
  let batch: StoredPair[] = [];
  const flush = () => {
    const text = format === 'csv'
      ? Papa.unparse(batch.map((p) => [p.description, p.code]), { newline: '\n' }) + '\n'
      : batch.map((p) => JSON.stringify({
        [JSONL_DEFAULT_FIELDS.description as string]: p.description, [JSONL_DEFAULT_FIELDS.code as string]: p.code, ...(p.group !== undefined ? { question_id: p.group } : {}),
      })).join('\n') + '\n';
    const chunk = { text, pairs: batch.length };
    batch = [];
    return chunk;
  };
  for (const pair of store.iteratePairs(versionId)) {
    batch.push(pair);
    if (batch.length === CHUNK) yield flush();
  }
  if (batch.length > 0) yield flush();
}
