// Importers for JSON-lines files: one JSON object per line. The generic one reads configurable
// fields (default `description`/`code`); the CoNaLa-mined one reads `intent`/`snippet`
// (`rewritten_intent` first when present). A bad line is an error issue; the rest of the file is kept.
// Both also read the grouping key (`question_id` by default) when a record has one. Given a block
// offset they import one block of a streamed file, numbering lines and records as in the whole file.

import { ImportReportBuilder, splitLines, stripBom, type BlockOffset } from './import-report';
import type { FieldMapping, ImportFormat, ImportResult } from './pair';
import { describeMissing, pickField, pickGroup, resolveMapping, type ResolvedMapping } from './record-fields';

export const JSONL_DEFAULT_FIELDS: FieldMapping = { description: 'description', code: 'code' };
export const CONALA_FIELDS: FieldMapping = { description: ['rewritten_intent', 'intent'], code: 'snippet' };

export function importJsonLines(text: string, fileName: string, fields?: Partial<FieldMapping>, offset?: BlockOffset): ImportResult {
  return importLines(text, fileName, 'jsonl', resolveMapping(JSONL_DEFAULT_FIELDS, fields), offset);
}

export function importConalaJsonLines(text: string, fileName: string, fields?: Partial<FieldMapping>, offset?: BlockOffset): ImportResult {
  return importLines(text, fileName, 'conala-jsonl', resolveMapping(CONALA_FIELDS, fields), offset);
}

function importLines(text: string, fileName: string, format: ImportFormat, mapping: ResolvedMapping, offset?: BlockOffset): ImportResult {
  const report = new ImportReportBuilder(fileName, format, offset);
  report.count('blankLines', 0);
  splitLines(stripBom(text)).forEach((line, index) => {
    const at = { line: report.fileLine(index + 1), record: report.nextRecordNumber() };
    if (line.trim() === '') {
      report.count('blankLines');
      return;
    }
    report.record();
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      report.reject(at, `not valid JSON: ${jsonErrorMessage(error)}`);
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      report.reject(at, `expected a JSON object, found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
      return;
    }
    const record = value as Record<string, unknown>;
    const description = pickField(record, mapping.description);
    const code = pickField(record, mapping.code);
    if (!description.ok) return report.reject(at, describeMissing(description, 'description', Object.keys(record)));
    if (!code.ok) return report.reject(at, describeMissing(code, 'code', Object.keys(record)));
    if (description.field !== mapping.description[0]) report.count(`descriptionFrom:${description.field}`);
    report.accept(description.value, code.value, at, pickGroup(record, mapping.group));
  });
  return report.build();
}

/** JSON.parse's message without the echo of the whole input that newer V8 versions append. */
export function jsonErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '').slice(0, 200);
}
