// The datasets bench (`npm run bench -- --datasets-only`): a synthetic 600,000-pair CSV shaped like
// mined CoNaLa, streamed into a fresh dataset database with its full-text index (seconds, peak RSS),
// then full-text search over that version as a user types, prefix by prefix (median and p95 ms).
// Targets: import ≤ 20 s, search p95 ≤ 50 ms.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewPair } from '../../shared/dataset/versions';
import { DatasetStore } from '../../services/datasets/store/dataset-store';
import { streamDatasetFile } from '../../services/datasets/stream-dataset-file';
import { PeakRss } from '../peak-rss';
import { COMMON_WORDS, writeSyntheticCsv } from './bench-datasets-csv';
import { median, quantile } from './bench-support';

const SEARCHES = 200;

export async function benchDatasets(options: { pairs?: number; log: (line: string) => void }): Promise<Record<string, number>> {
  const pairs = options.pairs ?? 600_000;
  const dir = await mkdtemp(join(tmpdir(), 'code-studio-bench-datasets-'));
  try {
    const csv = join(dir, 'mined-like.csv');
    let started = performance.now();
    const written = await writeSyntheticCsv(csv, pairs);
    const mb = (bytes: number) => bytes / 2 ** 20;
    options.log(`datasets: wrote ${pairs.toLocaleString('en')} synthetic pairs (${mb(written.bytes).toFixed(0)} MB CSV) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const store = DatasetStore.open(join(dir, 'datasets.sqlite'));
    try {
      const peak = new PeakRss();
      const rssBefore = process.memoryUsage.rss();
      const cpuBefore = process.cpuUsage();
      started = performance.now();
      const stream = streamDatasetFile(csv);
      const newPairs = async function* (): AsyncGenerator<NewPair> {
        for await (const batch of stream.batches) {
          for (const p of batch) yield { description: p.description, code: p.code, source: p.source, ...(p.group !== undefined ? { group: p.group } : {}) };
        }
      };
      const dataset = await store.importDataset('mined-like.csv', newPairs());
      const importSeconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      // CPU seconds say what the import costs when other processes share the machine.
      const importCpuSeconds = (cpu.user + cpu.system) / 1e6;
      const peakRss = peak.stop();
      const report = stream.report();
      options.log(
        `datasets: streamed import + full-text index of ${dataset.head.pairCount.toLocaleString('en')} pairs in ${importSeconds.toFixed(1)} s ` +
          `(target ≤ 20 s; ${importCpuSeconds.toFixed(1)} s of CPU), peak RSS ${mb(peakRss).toFixed(0)} MB (${mb(rssBefore).toFixed(0)} MB before); ${report.rejected} rejected`,
      );

      const queries = typedQueries(SEARCHES);
      const timings: number[] = [];
      let hits = 0;
      for (const query of queries) {
        const t = performance.now();
        hits += store.search(dataset.head.id, query, 100).length;
        timings.push(performance.now() - t);
      }
      const searchMedian = median(timings);
      const searchP95 = quantile(timings, 0.95);
      const slowest = queries[timings.indexOf(Math.max(...timings))];
      options.log(
        `datasets: search over ${dataset.head.pairCount.toLocaleString('en')} pairs, ${queries.length} queries typed prefix by prefix: ` +
          `median ${searchMedian.toFixed(1)} ms, p95 ${searchP95.toFixed(1)} ms (target ≤ 50 ms), slowest "${slowest}" ${Math.max(...timings).toFixed(0)} ms; ` +
          `${(hits / queries.length).toFixed(0)} hits per query on average`,
      );
      return {
        pairs: dataset.head.pairCount,
        csvMb: mb(written.bytes),
        importSeconds,
        importCpuSeconds,
        peakRssMb: mb(peakRss),
        searchMedianMs: searchMedian,
        searchP95Ms: searchP95,
      };
    } finally {
      store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * What a user types into the search box, one query per keystroke: phrases of two or three real
 * words, each prefix of the phrase ("s", "so", "sor", "sort", "sort l", …).
 */
export function typedQueries(count: number): string[] {
  const queries: string[] = [];
  for (let i = 0; queries.length < count; i++) {
    const words = [COMMON_WORDS[(i * 7) % COMMON_WORDS.length], COMMON_WORDS[(i * 13 + 5) % COMMON_WORDS.length], ...(i % 2 ? [COMMON_WORDS[(i * 3 + 1) % COMMON_WORDS.length]] : [])];
    const phrase = words.join(' ');
    for (let end = 1; end <= phrase.length && queries.length < count; end++) {
      if (phrase[end - 1] !== ' ') queries.push(phrase.slice(0, end));
    }
  }
  return queries;
}
