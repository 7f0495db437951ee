// The training-only datasets of a new run (runs:start `extraTraining`), resolved the way the main
// dataset is: a file the catalog offers, by id, or a stored dataset version, written into the run
// folder. Ids only, never paths: in web mode the page must not name files on the server, and in
// the desktop app the training picker offers nothing else either.
import { join } from 'node:path';
import type { ExtraTrainingSource } from '../../shared/api/types';
import type { RunDataOptions } from '../../shared/runs/run-data';
import { slugForRunId } from '../../shared/runs/run-id';
import type { DatasetService } from '../datasets/dataset-service';
import type { DatasetCatalog } from './dataset-catalog';

/** Ids of stored datasets in the training picker: "store:ds-…" (files keep their catalog ids). */
export const STORED_PREFIX = 'store:';

export type ResolvedExtra =
  | { kind: 'file'; name: string; path: string }
  | { kind: 'stored'; name: string; datasetId: string; versionId: number };

function invalid(message: string): Error {
  return Object.assign(new Error(message), { code: 'invalid-arguments' });
}

/**
 * Checks every extra source exists and is neither the main dataset nor listed twice (either would
 * add pairs the split already holds, or the same pairs twice), and pins stored ones to a version.
 */
export async function resolveExtraTraining(
  main: { datasetId: string; versionId?: number },
  sources: readonly ExtraTrainingSource[],
  catalog: DatasetCatalog,
  stored: DatasetService,
): Promise<ResolvedExtra[]> {
  const out: ResolvedExtra[] = [];
  const seen = new Set<string>();
  const mainStored = main.datasetId.startsWith(STORED_PREFIX) ? (await stored.detail(main.datasetId.slice(STORED_PREFIX.length))).dataset : null;
  const mainKey = mainStored ? `${mainStored.id}@${main.versionId ?? mainStored.head.id}` : main.datasetId;
  for (const source of sources) {
    let extra: ResolvedExtra;
    let key: string;
    if (source.datasetId.startsWith(STORED_PREFIX)) {
      const { dataset, versions } = await stored.detail(source.datasetId.slice(STORED_PREFIX.length));
      const versionId = source.versionId ?? dataset.head.id;
      if (!versions.some((v) => v.id === versionId)) throw invalid(`Version ${versionId} is not a version of ${dataset.name}`);
      extra = { kind: 'stored', name: dataset.name, datasetId: dataset.id, versionId };
      key = `${dataset.id}@${versionId}`;
    } else {
      if (source.versionId !== undefined) throw invalid(`${source.datasetId} is a file, not a stored dataset: it has no versions`);
      const file = await catalog.get(source.datasetId);
      extra = { kind: 'file', name: file.name, path: file.path };
      key = file.id;
    }
    if (key === mainKey) throw invalid(`${extra.name} is the dataset the run is split from: choose other data to add to training`);
    if (seen.has(key)) throw invalid(`${extra.name} is listed twice as extra training data`);
    seen.add(key);
    out.push(extra);
  }
  return out;
}

/**
 * What the engine reads: catalog files in place; a stored version written into the run folder
 * (so the run keeps working when the dataset is edited), named after the dataset and version so
 * run.json says where the pairs came from.
 */
export async function extraTrainingFiles(extras: readonly ResolvedExtra[], runDir: string, stored: DatasetService): Promise<NonNullable<RunDataOptions['extraTraining']>> {
  const files: NonNullable<RunDataOptions['extraTraining']> = [];
  for (const [i, extra] of extras.entries()) {
    // Each file is cleaned as it would be were it the main dataset, whatever the main one is: a
    // catalog file with the defaults, a stored version (cleaned when imported, maybe edited since)
    // not again.
    if (extra.kind === 'file') {
      files.push({ path: extra.path, clean: {} });
      continue;
    }
    const fileName = `extra-${i + 1}-${slugForRunId(extra.name) || 'dataset'}-v${extra.versionId}.jsonl`;
    const data = await stored.dataForRun(extra.datasetId, extra.versionId, join(runDir, fileName));
    files.push({ path: data.path, ...(data.import ? { import: data.import } : {}), clean: data.clean ?? {} });
  }
  return files;
}
