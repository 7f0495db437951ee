// Exporting a version from the Datasets view at any size: in web mode a one-time, short-lived
// download ticket whose text is read a chunk at a time (and an edit goes through while a download
// is half read: no statement stays open); in the desktop app a save dialog's path, written
// atomically, or nothing when the dialog is cancelled.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDataDir } from '../../../src/services/data-dir';
import { DatasetService } from '../../../src/services/datasets/dataset-service';
import { DownloadTickets } from '../../../src/services/datasets/download-tickets';
import type { NewPair } from '../../../src/services/datasets/store/dataset-store';
import { DatasetCatalog } from '../../../src/services/studio/dataset-catalog';
import { importText } from '../../../src/shared/dataset/import-text';

let dir: string;
const services: DatasetService[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'version-export-'));
});
afterEach(async () => {
  for (const service of services.splice(0)) await service.close();
  await rm(dir, { recursive: true, force: true });
});

async function service(mode: 'web' | 'desktop', chooseSavePath?: (fileName: string, format: 'jsonl' | 'csv') => Promise<string | null>) {
  const created = new DatasetService({
    dataDir: await openDataDir(join(dir, 'data')), catalog: new DatasetCatalog(join(dir, 'resources')), mode, onProgress: () => {}, chooseSavePath,
  });
  services.push(created);
  return created;
}

/** 5,002 pairs: three chunks of text, a quote, a comma and a newline to escape, a question id. */
const PAIRS: NewPair[] = [
  ...Array.from({ length: 5_000 }, (_, i) => ({ description: `add ${i} to the total`, code: `total += ${i}` })),
  { description: 'print "a, b" on two lines', code: 'print("a,\nb")' },
  { description: 'one of question 7', code: 'x = 7', group: '7' },
];

async function imported(datasets: DatasetService, name = 'my pairs.jsonl') {
  return (await datasets.store()).importDataset(name, PAIRS);
}

describe('exporting a version in web mode', () => {
  it('issues a one-time ticket whose download is the version, a chunk at a time', async () => {
    const datasets = await service('web');
    const { head } = await imported(datasets);
    for (const format of ['jsonl', 'csv'] as const) {
      const answer = await datasets.exportVersion(head.id, format);
      expect(answer).toEqual({ kind: 'download', url: expect.stringMatching(/^\/download\/[0-9a-f]{48}$/), fileName: `my-pairs-v${head.id}.${format}`, pairs: 5_002 });
      const ticket = (answer as { url: string }).url.slice('/download/'.length);
      const download = (await datasets.download(ticket))!;
      expect(download).toMatchObject({ fileName: `my-pairs-v${head.id}.${format}`, format });
      const chunks = [...download.chunks];
      expect(chunks.length).toBeGreaterThanOrEqual(3);
      const back = importText(chunks.join(''), `out.${format}`);
      expect(back.pairs.map((p) => [p.description, p.code])).toEqual(PAIRS.map((p) => [p.description, p.code]));
      if (format === 'jsonl') expect(back.pairs.at(-1)?.group).toBe('7');
      expect(await datasets.download(ticket)).toBeNull(); // used once
    }
    expect(await datasets.download('0'.repeat(48))).toBeNull();
    expect(await datasets.download('../../datasets.sqlite')).toBeNull();
    await expect(datasets.exportVersion(987_654, 'jsonl')).rejects.toThrow(/no dataset version 987654/);
  });

  it('lets the studio edit while a download is half read (no statement open between chunks)', async () => {
    const datasets = await service('web');
    const dataset = await imported(datasets);
    const answer = await datasets.exportVersion(dataset.head.id, 'jsonl');
    const { chunks } = (await datasets.download((answer as { url: string }).url.slice('/download/'.length)))!;
    const first = chunks.next();
    expect(first.done).toBe(false);
    const store = await datasets.store();
    const edited = store.commit(dataset.id, 'Edited 1 pair', { replace: [{ pairId: store.pairs(dataset.head.id, 0, 1)[0].id, description: 'add zero', code: 'total += 0' }] });
    expect(edited.pairCount).toBe(5_002);
    const rest = [...chunks].join('');
    // The download is the version it was asked for, not the edit made meanwhile.
    expect(JSON.parse((first.value as string).split('\n')[0])).toEqual({ description: 'add 0 to the total', code: 'total += 0' });
    expect(importText((first.value as string) + rest, 'out.jsonl').pairs).toHaveLength(5_002);
  });
});

describe('download tickets', () => {
  it('are good once, for their lifetime, and only in their own shape', () => {
    let now = 1_000;
    const tickets = new DownloadTickets<string>(60_000, () => now);
    const a = tickets.issue('a');
    const b = tickets.issue('b');
    expect(a).toMatch(/^[0-9a-f]{48}$/);
    expect(a).not.toBe(b);
    expect(tickets.redeem(a)).toBe('a');
    expect(tickets.redeem(a)).toBeNull();
    now += 60_000;
    expect(tickets.redeem(b)).toBeNull(); // expired
    for (const bad of [undefined, 42, '', a.toUpperCase(), `${a}/`, 'x'.repeat(48)]) expect(tickets.redeem(bad)).toBeNull();
    const many = Array.from({ length: 100 }, (_, i) => tickets.issue(String(i)));
    expect(tickets.size).toBe(64); // a page asking again and again loses its oldest tickets
    expect(tickets.redeem(many[0])).toBeNull();
    expect(tickets.redeem(many[99])).toBe('99');
  });
});

describe('exporting a version in the desktop app', () => {
  it('writes the file the save dialog names, atomically, or nothing when it is cancelled', async () => {
    const asked: [string, string][] = [];
    let answer: string | null = null;
    const datasets = await service('desktop', async (fileName, format) => {
      asked.push([fileName, format]);
      return answer;
    });
    const { head } = await imported(datasets, 'pairs.csv');
    expect(await datasets.exportVersion(head.id, 'csv')).toEqual({ kind: 'cancelled' });
    expect(asked).toEqual([[`pairs-v${head.id}.csv`, 'csv']]);

    const out = join(dir, 'out');
    await (await import('node:fs/promises')).mkdir(out);
    answer = join(out, 'chosen.csv');
    expect(await datasets.exportVersion(head.id, 'csv')).toEqual({ kind: 'saved', path: answer, fileName: 'chosen.csv', pairs: 5_002 });
    const back = importText(await readFile(answer, 'utf8'), 'chosen.csv');
    expect(back.pairs.map((p) => [p.description, p.code])).toEqual(PAIRS.map((p) => [p.description, p.code]));
    expect(await readdir(out)).toEqual(['chosen.csv']); // no temporary left beside it

    answer = join(dir, 'no-such-folder', 'x.jsonl');
    await expect(datasets.exportVersion(head.id, 'jsonl')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).not.toContain('no-such-folder');
  });

  it('refuses to export without a save dialog', async () => {
    const datasets = await service('desktop');
    const { head } = await imported(datasets);
    await expect(datasets.exportVersion(head.id, 'jsonl')).rejects.toThrow(/save dialog/);
  });
});
