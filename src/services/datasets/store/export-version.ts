// A dataset version as a file the importers read back: JSON lines ({"description", "code"}) or CSV
// (intent, snippet: the CSV importer's default columns). Produced a page of pairs at a time, never
// whole in memory and with no database statement open between pages: written to a file atomically
// (a reader sees the old file or the complete new one), or streamed to a browser by the web shell.
import Papa from 'papaparse';
import { writeFileAtomically } from '../../../files/atomic-write';
import { CSV_DEFAULT_FIELDS } from '../../../shared/dataset/import-csv';
import { JSONL_DEFAULT_FIELDS } from '../../../shared/dataset/import-jsonl';
import type { DatasetStore } from './dataset-store';

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
  store.version(versionId); // an unknown version fails on the first chunk, before any text
  if (format === 'csv') yield { text: Papa.unparse([[CSV_DEFAULT_FIELDS.description as string, CSV_DEFAULT_FIELDS.code as string]]) + '\n', pairs: 0 };
  for (const page of store.pairPages(versionId, CHUNK)) {
    const text = format === 'csv'
      ? Papa.unparse(page.map((p) => [p.description, p.code]), { newline: '\n' }) + '\n'
      : page.map((p) => JSON.stringify({
        [JSONL_DEFAULT_FIELDS.description as string]: p.description, [JSONL_DEFAULT_FIELDS.code as string]: p.code, ...(p.group !== undefined ? { question_id: p.group } : {}),
      })).join('\n') + '\n';
    yield { text, pairs: page.length };
  }
}

/** The name an exported version is offered under: the dataset's name (letters, digits, `.`, `_`, `-` only), its version and format. */
export function exportFileName(datasetName: string, versionId: number, format: ExportFormat): string {
  const base = datasetName.replace(/\.[A-Za-z0-9]+$/, '').replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 80) || 'dataset';
  return `${base}-v${versionId}.${format}`;
}
