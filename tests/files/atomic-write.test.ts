// Atomic writes under concurrency: many writers of one file in one process never corrupt it or
// leave temporaries behind (issue 8: 30 concurrent renames of run.json corrupted it every time).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTemporaryName, temporaryName, writeDirectoryAtomically, writeJsonAtomically } from '../../src/files/atomic-write';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atomic-write-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('writeJsonAtomically', () => {
  it('30 concurrent writers of one file: the file is always one complete value, no temporaries remain', async () => {
    const path = join(dir, 'run.json');
    const values = Array.from({ length: 30 }, (_, i) => ({ writer: i, padding: 'x'.repeat(1000 * (i + 1)) }));
    const reads: unknown[] = [];
    await Promise.all([
      ...values.map((v) => writeJsonAtomically(path, v)),
      // Readers during the storm see some writer's whole value, never a torn one.
      ...Array.from({ length: 30 }, async () => {
        const text = await readFile(path, 'utf8').catch(() => null);
        if (text !== null) reads.push(JSON.parse(text));
      }),
    ]);
    const final = JSON.parse(await readFile(path, 'utf8'));
    expect(values).toContainEqual(final);
    for (const r of reads) expect(values).toContainEqual(r);
    expect(await readdir(dir)).toEqual(['run.json']);
  });

  it('temporary names are unique and recognised, and never mistaken for real files', () => {
    const names = new Set(Array.from({ length: 10_000 }, () => temporaryName('/x/run.json')));
    expect(names.size).toBe(10_000);
    for (const n of [...names].slice(0, 50)) expect(isTemporaryName(n.slice(3))).toBe(true);
    fc.assert(fc.property(fc.constantFrom('run.json', 'metrics.jsonl', 'tokenizer.json', 'step-000100', 'best.json', 'skipped.jsonl'), (n) => !isTemporaryName(n)));
  });

  it('a folder written atomically replaces the old one whole; a failed fill leaves the old one', async () => {
    const target = join(dir, 'step-000010');
    await writeDirectoryAtomically(target, (t) => writeJsonAtomically(join(t, 'meta.json'), { step: 10 }));
    await expect(writeDirectoryAtomically(target, async (t) => {
      await writeJsonAtomically(join(t, 'meta.json'), { step: 11 });
      throw new Error('disk full');
    })).rejects.toThrow('disk full');
    expect(JSON.parse(await readFile(join(target, 'meta.json'), 'utf8'))).toEqual({ step: 10 });
    expect((await readdir(dir)).filter(isTemporaryName)).toEqual([]);
  });
});
