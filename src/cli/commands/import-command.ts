// `code-studio import FILE`: read, clean and split a dataset and say exactly what happened to it;
// optionally write the result as JSON lines (description, code, split, source location). With
// --save --no-clean the file is streamed into the database instead (import-streamed.ts).
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { openDataDir } from '../../services/data-dir';
import { formatCleanReport, formatImportReport, loadDataset } from '../../services/datasets/load-dataset';
import { DatasetStore } from '../../services/datasets/store/dataset-store';
import type { Pair } from '../../shared/dataset/pair';
import { computeStats } from '../../shared/dataset/stats';
import { splitPairs } from '../../shared/dataset/split';
import { addDataOptions, cleanOptions, importOptions, type DataFlags } from '../data-options';
import { action, makeOutput, parseIntOption } from '../output';
import { importStreamed } from './import-streamed';

interface ImportFlags extends DataFlags {
  out?: string;
  save?: boolean;
  dataDir?: string;
  json?: boolean;
  issues: number;
}

export function registerImport(program: Command): void {
  const command = program
    .command('import')
    .description('import and clean a dataset file, report every problem with its location, show statistics and the split')
    .argument('<file>', 'dataset file: seed text (# description lines), CoNaLa JSON / JSON-lines, CSV with a header, or JSONL')
    .option('--out <file>', 'write the cleaned pairs as JSON lines {description, code, split, source}')
    .option('--save', "keep the pairs as a new dataset in the studio's database (its first version); with --no-clean the file is streamed, never held whole")
    .option('--data-dir <dir>', 'with --save: the studio data folder (default: $CODE_STUDIO_DATA_DIR or ~/.code-studio)')
    .option('--issues <n>', 'how many problems to list in the text report', parseIntOption('--issues'), 20)
    .option('--json', 'print one JSON object (reports, statistics, split sizes)');
  addDataOptions(command, true).action(
    action(async (file: string, flags: ImportFlags) => {
      const out = makeOutput(flags.json === true);
      const clean = cleanOptions(flags);
      // Without cleaning there is nothing to hold the pairs for: stream them to the database
      // (statistics and the split are then the studio's, on the stored version).
      if (flags.save && clean === undefined && !flags.out) return importStreamed(file, importOptions(flags), flags, out);
      const loaded = await loadDataset(file, { ...importOptions(flags), clean: clean ?? false });
      const split = splitPairs(loaded.pairs);
      const stats = computeStats(loaded.pairs);
      if (flags.out) {
        const assignment = new Map<string, string>();
        for (const name of ['train', 'validation', 'test'] as const) for (const p of split[name]) assignment.set(p.id, name);
        const lines = loaded.pairs.map((p) => JSON.stringify({ description: p.description, code: p.code, split: assignment.get(p.id), source: p.source }));
        await writeFile(flags.out, lines.join('\n') + (lines.length ? '\n' : ''));
      }
      const splitSizes = { train: split.train.length, validation: split.validation.length, test: split.test.length };
      const saved = flags.save ? await saveDataset(file, loaded.pairs, clean !== undefined, flags.dataDir, (n) => {
        out.say(`saving: ${n.toLocaleString('en')} of ${loaded.pairs.length.toLocaleString('en')} pairs`);
        out.emit({ event: 'progress', saved: n, of: loaded.pairs.length });
      }) : null;
      out.emit({ event: 'summary', importReport: loaded.importReport, cleanReport: loaded.cleanReport ?? null, stats, split: splitSizes, out: flags.out ?? null, saved });
      out.say(formatImportReport(loaded.importReport, { maxItems: flags.issues }));
      if (loaded.cleanReport) out.say('\n' + formatCleanReport(loaded.cleanReport, { maxItems: flags.issues }));
      out.say(
        `\n${stats.pairs} pairs · ${stats.uniqueDescriptions} distinct descriptions · code tokens median ${stats.codeTokens.median}, ` +
          `p90 ${stats.codeTokens.p90}, max ${stats.codeTokens.max} · description words median ${stats.descriptionWords.median}`,
      );
      out.say(`split by description: ${splitSizes.train} train · ${splitSizes.validation} validation · ${splitSizes.test} test`);
      if (flags.out) out.say(`wrote ${loaded.pairs.length} pairs to ${flags.out}`);
      if (saved) out.say(`saved as dataset ${saved.id}, version ${saved.version} (${saved.pairs} pairs, sha256 ${saved.contentHash.slice(0, 12)}…) in ${saved.database}`);
    }),
  );
}

async function saveDataset(file: string, pairs: readonly Pair[], cleaned: boolean, dataDirFlag: string | undefined, progress: (pairs: number) => void) {
  const dataDir = await openDataDir(dataDirFlag);
  const store = DatasetStore.open(dataDir.datasets);
  try {
    const name = basename(file);
    const dataset = await store.importDataset(name, pairs.map((p) => ({ description: p.description, code: p.code, source: p.source })), {
      label: cleaned ? `Imported and cleaned ${name}` : `Imported ${name}`, onProgress: progress,
    });
    return { id: dataset.id, version: dataset.head.id, pairs: dataset.head.pairCount, contentHash: dataset.head.contentHash, database: dataDir.datasets };
  } finally {
    store.close();
  }
}
