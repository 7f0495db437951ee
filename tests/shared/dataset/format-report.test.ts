// The CLI text for import and cleaning reports: counts first, then located issues, capped.
import { describe, expect, it } from 'vitest';
import { cleanPairs } from '../../../src/shared/dataset/clean';
import { formatCleanReport, formatImportReport } from '../../../src/shared/dataset/format-report';
import { importText } from '../../../src/shared/dataset/import-text';

describe('formatImportReport', () => {
  const text = ['{"description": "a", "code": "b"}', 'oops', '{"description": "c"}', '[]', '{"description": "d", "code": "e"}'].join('\n');
  const { report } = importText(text, 'pairs.jsonl');

  it('prints counts and issues with file:line', () => {
    const out = formatImportReport(report);
    expect(out).toMatch(/^pairs\.jsonl: jsonl \(\.jsonl extension\)/);
    expect(out).toContain('4 records, 2 imported, 3 rejected; 3 error(s), 0 warning(s)'.replace('4 records', '5 records'));
    expect(out).toContain('error  pairs.jsonl:2  not valid JSON');
    expect(out).toContain('pairs.jsonl:4');
  });

  it('caps the list of issues', () => {
    const out = formatImportReport(report, { maxItems: 1 });
    expect(out).toContain('pairs.jsonl:2');
    expect(out).not.toContain('pairs.jsonl:3');
    expect(out).toContain('… and 2 more issue(s)');
  });
});

describe('formatCleanReport', () => {
  it('lists enabled steps and what they did', () => {
    const { pairs } = importText('# add one\nx = x + 1  # inc\n\n# add one\nx = x + 1\n', 'seed.txt');
    const out = formatCleanReport(cleanPairs(pairs).report);
    expect(out).toMatch(/^cleaning: 2 pairs in, 1 kept/);
    expect(out).toContain('removeComments: 1 changed');
    expect(out).toContain('dedupe: 1 dropped');
    expect(out).toContain('dropped  seed.txt:4  [dedupe] duplicate of seed.txt:1');
    expect(out).not.toContain('syntax:');
  });
});
