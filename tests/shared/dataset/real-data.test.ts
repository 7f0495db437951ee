// The importers on the real datasets in ../shared/data (never copied into the repo), checked against
// the facts their README states. When the files are absent this says so loudly, in a test name and
// a warning, instead of passing silently.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanPairs } from '../../../src/shared/dataset/clean';
import { importText } from '../../../src/shared/dataset/import-text';
import { splitPairs } from '../../../src/shared/dataset/split';
import { computeStats } from '../../../src/shared/dataset/stats';
import { normalizeDescription } from '../../../src/shared/dataset/normalize';

const DATA = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const SEED = `${DATA}english_python/english_python_data.txt`;
const CONALA = `${DATA}conala/conala-train.json`;
const LARGE_TRAIN = `${DATA}conala/CoNaLa-Large_train.csv`;
const LARGE_VALIDATION = `${DATA}conala/CoNaLa-Large_validation.csv`;

function whenPresent(path: string, title: string, body: () => void): void {
  if (existsSync(path)) {
    describe(title, body);
    return;
  }
  describe(`${title} — ABSENT (${path} not found): real-data checks NOT run`, () => {
    it('is absent, nothing was checked', () => {
      console.warn(`[real-data] ${path} is absent: ${title} was not checked`);
      expect(existsSync(path)).toBe(false);
    });
  });
}

whenPresent(SEED, 'real seed file english_python_data.txt', () => {
  const text = existsSync(SEED) ? readFileSync(SEED, 'utf8') : '';
  const { pairs, report } = importText(text, 'english_python_data.txt');

  it('sees the 4,958 column-0 headers the README counts', () => {
    expect(report.format).toBe('seed-text');
    expect(report.counts.headerLines).toBe(4958);
  });

  it('imports a plausible number of pairs, merging hundreds of in-program comments', () => {
    // README: 4,664 blocks with code, ~515 of their headers are comments → roughly 4,150–4,300 tasks.
    expect(report.accepted).toBeGreaterThan(4100);
    expect(report.accepted).toBeLessThan(4700);
    expect(report.counts.mergedComments).toBeGreaterThan(300);
    expect(report.counts.mergedComments).toBeLessThan(700);
    // Number-only and notebook headers account for most of the README's 294 empty blocks.
    expect(report.counts.markers).toBeGreaterThan(100);
    expect(report.counts.markers).toBeLessThan(294);
    expect(report.counts.emptyExamples).toBe(report.rejected);
    expect(report.issues.every((i) => i.line !== undefined && i.severity === 'warning')).toBe(true);
  });

  it('merges the comments a naive parser would take for tasks', () => {
    const descriptions = new Set(pairs.map((p) => p.description.toLowerCase()));
    for (const comment of ['printing result', 'initializing list', 'driver code', 'printing original list']) {
      expect(descriptions.has(comment)).toBe(false);
    }
    expect(pairs.some((p) => /^# printing result/m.test(p.code))).toBe(true);
  });

  it('keeps no numbering in descriptions', () => {
    expect(pairs.filter((p) => /^#|^\d+[.)]?\s/.test(p.description))).toEqual([]);
  });

  it('has about the README\'s number of unique pairs after dedupe', () => {
    const { report: cleaned } = cleanPairs(pairs, { removeComments: false, reindent: false, expandTabs: false, syntax: 'off' });
    // README: 3,336 unique among the 4,664 naive blocks; merging comment blocks removes fragments, so fewer.
    expect(cleaned.output).toBeGreaterThan(2900);
    expect(cleaned.output).toBeLessThan(3450);
    const stats = computeStats(pairs, { countTokens: false });
    expect(stats.uniquePairs).toBe(cleaned.output);
    expect(stats.descriptionWords.median).toBe(12);
    expect(stats.descriptionWords.max).toBe(62);
  });

  it('splits without leaking a description', () => {
    const split = splitPairs(pairs);
    const train = new Set(split.train.map((p) => normalizeDescription(p.description)));
    const leaked = [...split.validation, ...split.test].filter((p) => train.has(normalizeDescription(p.description)));
    expect(leaked).toEqual([]);
    expect(split.train.length / pairs.length).toBeGreaterThan(0.75);
    expect(split.train.length / pairs.length).toBeLessThan(0.85);
  });
});

whenPresent(CONALA, 'real CoNaLa conala-train.json', () => {
  it('imports all 2,378 records, 79 of them through the intent fallback', () => {
    const { report } = importText(readFileSync(CONALA, 'utf8'), 'conala-train.json');
    expect(report).toMatchObject({ format: 'conala-json', records: 2378, accepted: 2378, rejected: 0 });
    expect(report.counts.descriptionFromFallback).toBe(79);
  });
});

whenPresent(LARGE_TRAIN, 'real CoNaLa-Large CSV files', () => {
  it('imports 24,050 and 1,234 rows without issues', () => {
    const train = importText(readFileSync(LARGE_TRAIN, 'utf8'), 'CoNaLa-Large_train.csv').report;
    expect(train).toMatchObject({ format: 'csv', records: 24050, accepted: 24050, issues: [] });
    if (existsSync(LARGE_VALIDATION)) {
      const validation = importText(readFileSync(LARGE_VALIDATION, 'utf8'), 'CoNaLa-Large_validation.csv').report;
      expect(validation).toMatchObject({ records: 1234, accepted: 1234, issues: [] });
    }
  });
});
