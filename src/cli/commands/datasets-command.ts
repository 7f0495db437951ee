// `code-studio datasets`: the datasets kept in the studio's database (import --save adds one):
// list them, list a dataset's versions, export a version as JSON lines or CSV, undo and redo.
import type { Command } from 'commander';
import { openDataDir } from '../../services/data-dir';
import { DatasetStore, type DatasetInfo, type VersionInfo } from '../../services/datasets/store/dataset-store';
import { exportVersion } from '../../services/datasets/store/export-version';
import { action, makeOutput, parseIntOption, type Output } from '../output';

interface DatasetsFlags {
  dataDir?: string;
  json?: boolean;
}

async function withStore<T>(flags: DatasetsFlags, use: (store: DatasetStore) => Promise<T> | T): Promise<T> {
  const store = DatasetStore.open((await openDataDir(flags.dataDir)).datasets);
  try {
    return await use(store);
  } finally {
    store.close();
  }
}

const describeVersion = (v: VersionInfo) =>
  `v${v.id}${v.name ? ` “${v.name}”` : ''} · ${v.label} · ${v.pairCount.toLocaleString('en')} pairs · ${v.createdAt.slice(0, 16).replace('T', ' ')} · sha256 ${v.contentHash.slice(0, 12)}…`;

function sayDataset(out: Output, d: DatasetInfo): void {
  out.emit({ event: 'dataset', ...d });
  out.say(`${d.id}  ${d.name}  (head ${describeVersion(d.head)})${d.canUndo ? '' : ' · as imported'}${d.canRedo ? ' · redo available' : ''}`);
}

export function registerDatasets(program: Command): void {
  const datasets = program.command('datasets').description("the datasets kept in the studio's database: list, versions, export, undo, redo");
  const common = (command: Command) => command.option('--data-dir <dir>', 'the studio data folder (default: $CODE_STUDIO_DATA_DIR or ~/.code-studio)').option('--json', 'JSON lines');

  common(datasets.command('list').description('every dataset with its current version')).action(
    action(async (flags: DatasetsFlags) => {
      const out = makeOutput(flags.json === true);
      await withStore(flags, (store) => {
        const all = store.datasets();
        if (all.length === 0) out.say('No datasets yet: `code-studio import FILE --save` adds one.');
        for (const d of all) sayDataset(out, d);
      });
    }),
  );

  common(datasets.command('versions').description("a dataset's versions, oldest first").argument('<dataset>', 'dataset id')).action(
    action(async (id: string, flags: DatasetsFlags) => {
      const out = makeOutput(flags.json === true);
      await withStore(flags, (store) => {
        const head = store.dataset(id).head.id;
        for (const v of store.versions(id)) {
          out.emit({ event: 'version', ...v, head: v.id === head });
          out.say(`${v.id === head ? '*' : ' '} ${describeVersion(v)}`);
        }
      });
    }),
  );

  common(
    datasets.command('export').description('write a version as JSON lines {description, code} or CSV (intent, snippet)').argument('<dataset>', 'dataset id')
      .requiredOption('--out <file>', 'the file to write')
      .option('--format <format>', 'jsonl or csv (default: from --out, else jsonl)')
      .option('--version <id>', 'a version id (default: the current one)', parseIntOption('--version')),
  ).action(
    action(async (id: string, flags: DatasetsFlags & { out: string; format?: string; version?: number }) => {
      const out = makeOutput(flags.json === true);
      const format = flags.format ?? (flags.out.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');
      if (format !== 'jsonl' && format !== 'csv') throw new Error(`--format must be jsonl or csv, got "${format}"`);
      await withStore(flags, async (store) => {
        const dataset = store.dataset(id);
        const version = flags.version ?? dataset.head.id;
        if (store.version(version).datasetId !== id) throw new Error(`Version ${version} belongs to another dataset`);
        const { pairs } = await exportVersion(store, version, format, flags.out);
        out.emit({ event: 'exported', dataset: id, version, format, pairs, out: flags.out });
        out.say(`wrote ${pairs.toLocaleString('en')} pairs of ${id} v${version} to ${flags.out} (${format})`);
      });
    }),
  );

  for (const [name, what] of [['undo', 'back to the version before the current one'], ['redo', 'forward again after an undo']] as const) {
    common(datasets.command(name).description(what).argument('<dataset>', 'dataset id')).action(
      action(async (id: string, flags: DatasetsFlags) => {
        const out = makeOutput(flags.json === true);
        await withStore(flags, (store) => sayDataset(out, name === 'undo' ? store.undo(id) : store.redo(id)));
      }),
    );
  }
}
