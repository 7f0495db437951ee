// Each extra training file is cleaned with its own setting (RunDataOptions.extraTraining[].clean),
// the first file's when it has none: a stored dataset version (cleaned when imported) beside a raw
// catalog file must not be cleaned alike, whichever of the two the run is split from.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSplit } from '../../src/jobs/prepare-data';
import { simplePairs, writeJsonlPairs } from './synthetic-pairs';

/** Default cleaning without the Python syntax check (no Pyodide needed). */
const CLEAN = { syntax: 'off' as const };
/** What default cleaning changes: the numbering and the comment go. */
const RAW = { description: '1. double the zebra count', code: 'zebras = zebras * 2  # twice as many' };
const CLEANED = { description: 'double the zebra count', code: 'zebras = zebras * 2' };

let dir: string;
let main: string;
let extra: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'extra-clean-'));
  main = join(dir, 'main.jsonl');
  extra = join(dir, 'extra.jsonl');
  await writeJsonlPairs(main, simplePairs(60));
  await writeJsonlPairs(extra, [RAW]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const addedPair = async (options: Parameters<typeof loadSplit>[0]) => {
  const { split, extra: info } = await loadSplit(options);
  expect(info).toMatchObject([{ path: extra, pairs: 1, added: 1 }]);
  const { description, code } = split.train.at(-1)!;
  return { description, code };
};

describe('loadSplit cleans each extra training file with its own setting', () => {
  it('cleans an extra file that asks for it when the first file is not cleaned (a stored version beside a raw file)', async () => {
    expect(await addedPair({ path: main, clean: false, extraTraining: [{ path: extra, clean: CLEAN }] })).toEqual(CLEANED);
  });

  it('leaves an extra file uncleaned when it says so, though the first file is cleaned', async () => {
    expect(await addedPair({ path: main, clean: CLEAN, extraTraining: [{ path: extra, clean: false }] })).toEqual(RAW);
  });

  it('follows the first file when the extra one says nothing (the CLI, and runs recorded before the setting)', async () => {
    expect(await addedPair({ path: main, clean: false, extraTraining: [{ path: extra }] })).toEqual(RAW);
    expect(await addedPair({ path: main, clean: CLEAN, extraTraining: [{ path: extra }] })).toEqual(CLEANED);
  });
});
