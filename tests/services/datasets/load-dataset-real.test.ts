// The whole load + clean path on the real seed file with the real Pyodide syntax check, against
// the README's "4,395 of 4,664 code blocks parse" (94 %). Says so loudly when the file is absent.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatCleanReport, loadDataset } from '../../../src/services/datasets/load-dataset';

const SEED = fileURLToPath(new URL('../../../../shared/data/english_python/english_python_data.txt', import.meta.url));

if (existsSync(SEED)) {
  describe('real seed file, loaded and cleaned with Pyodide', () => {
    it('parses about as often as the README says; the code transforms break nothing and repair some', async () => {
      const asWritten = { stripNumbering: false, expandTabs: false, removeComments: false, reindent: false, dedupe: false } as const;
      const raw = await loadDataset(SEED, { clean: asWritten });
      const failedBefore = new Set(raw.cleanReport!.entries.filter((e) => e.step === 'syntax').map((e) => e.source.line));
      const share = 1 - failedBefore.size / raw.cleanReport!.input;
      expect(share).toBeGreaterThan(0.9);
      expect(share).toBeLessThan(0.97);

      const transformed = await loadDataset(SEED, { clean: { ...asWritten, expandTabs: true, removeComments: true, reindent: 4 } });
      const failedAfter = transformed.cleanReport!.entries.filter((e) => e.step === 'syntax').map((e) => e.source.line);
      expect(failedAfter.filter((line) => !failedBefore.has(line))).toEqual([]);
      expect(failedAfter.length).toBeLessThan(failedBefore.size);
    });

    it('cleans with the defaults: duplicates dropped, comments removed, every entry located', async () => {
      const cleaned = await loadDataset(SEED, { clean: true });
      const report = cleaned.cleanReport!;
      expect(report.output).toBe(cleaned.pairs.length);
      expect(report.output).toBeGreaterThan(2900);
      expect(report.steps.dedupe.dropped).toBeGreaterThan(1000);
      expect(report.steps.removeComments.changed).toBeGreaterThan(300);
      expect(report.entries.every((e) => e.source.file === 'english_python_data.txt' && e.source.line! > 0)).toBe(true);
      expect(formatCleanReport(report)).toMatch(/dedupe: \d+ dropped/);
    });
  });
} else {
  describe(`real seed file — ABSENT (${SEED} not found): Pyodide real-data check NOT run`, () => {
    it('is absent, nothing was checked', () => {
      console.warn(`[real-data] ${SEED} is absent: the Pyodide cleaning check was not run`);
      expect(existsSync(SEED)).toBe(false);
    });
  });
}
