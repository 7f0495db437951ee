// Importer for CoNaLa's curated JSON: an array of {intent, rewritten_intent, snippet, question_id}.
// The description is `rewritten_intent` (what benchmarks use), falling back to `intent` when it is
// null; `question_id` becomes the pair's grouping key. The array is cut into its elements by
// json-array-scanner.ts and each element is parsed on its own, so a text in memory and a file
// streamed in pieces (src/services/datasets/stream-dataset-file.ts) are read by this same code, with
// the same lines and record numbers. A syntax error stops the import where it is, keeping the
// records before it; an array that is not closed keeps every record it holds.

import { ImportReportBuilder, stripBom } from './import-report';
import { CONALA_FIELDS, jsonErrorMessage } from './import-jsonl';
import { firstJsonErrorOffset, JsonArrayScanner, type JsonArrayEvent } from './json-array-scanner';
import type { FieldMapping, ImportResult } from './pair';
import { describeMissing, pickField, pickGroup, resolveMapping, type ResolvedMapping } from './record-fields';

export function importConalaJson(text: string, fileName: string, fields?: Partial<FieldMapping>): ImportResult {
  const scanner = new JsonArrayScanner();
  const { pairs, report } = importConalaJsonEvents(scanner.push(stripBom(text)).concat(scanner.finish()), fileName, fields);
  return { pairs, report };
}

export interface ConalaJsonBlockResult extends ImportResult {
  /** Nothing after these events can be read (a syntax error, not an array, text after the array). */
  stopped: boolean;
}

/**
 * The pairs and issues of consecutive scanner events (a block of a streamed file, or all of a text).
 * Records and lines are the scanner's, so they are those of the whole file. Events after the one
 * that stops the import are ignored.
 */
export function importConalaJsonEvents(events: readonly JsonArrayEvent[], fileName: string, fields?: Partial<FieldMapping>): ConalaJsonBlockResult {
  const report = new ImportReportBuilder(fileName, 'conala-json');
  const mapping = resolveMapping(CONALA_FIELDS, fields);
  for (const event of events) {
    if (!readEvent(event, report, mapping)) return { ...report.build(), stopped: true };
  }
  return { ...report.build(), stopped: false };
}

/** False when the import stops at this event. */
function readEvent(event: JsonArrayEvent, report: ImportReportBuilder, mapping: ResolvedMapping): boolean {
  const at = `line ${event.line}`;
  switch (event.kind) {
    case 'open':
      report.count('descriptionFromFallback', 0);
      return true;
    case 'element':
      return readRecord(event, report, mapping);
    case 'overlong':
      report.record();
      report.reject(
        { record: event.record, line: event.line },
        `record ${event.record} (lines ${event.line}–${event.endLine}) is ${characters(event.chars)} characters long, over the limit of ${characters(event.limit)} for one record; skipped`,
      );
      return true;
    case 'cut-off':
      report.record();
      report.reject(
        { record: event.record, line: event.line },
        `record ${event.record}, from line ${event.line}, is cut off: the file ends inside it (line ${event.endLine}) and the array is never closed; ${readBefore(event.record - 1)}`,
      );
      return false;
    case 'not-array':
      report.reject({ line: event.line }, `expected a JSON array of CoNaLa records, found ${event.found} at ${at}, column ${event.column}; nothing imported`);
      return false;
    case 'no-value':
      report.reject({ line: event.line }, 'no JSON in the file: expected an array of CoNaLa records; nothing imported');
      return false;
    case 'unexpected': {
      const what = `${event.expected === 'a record' ? 'a record' : `',' or ']' after record ${event.after}`}, found ${event.found}`;
      report.warn({ line: event.line }, `not valid JSON at ${at}, column ${event.column}: expected ${what}; the import stopped there: ${readBefore(event.after)}, nothing after it`, 'error');
      return false;
    }
    case 'trailing-comma':
      report.warn({ line: event.line }, `a ',' after the last record (${at}, column ${event.column}) is not valid JSON; ignored`);
      return true;
    case 'trailing-text':
      report.warn(
        { line: event.line },
        `text after the array's closing ']' (line ${event.closeLine}): ${event.found} at ${at}, column ${event.column}; ` +
          `the array's ${recordsRead(event.records)}, nothing after it`,
        'error',
      );
      return false;
    case 'unclosed':
      report.warn({ line: event.line }, `the array opened at line ${event.openLine} is never closed: the file ends after ${at} without its ']'; its ${recordsRead(event.records)}`, 'error');
      return true;
  }
}

function readRecord(event: Extract<JsonArrayEvent, { kind: 'element' }>, report: ImportReportBuilder, mapping: ResolvedMapping): boolean {
  const n = event.record;
  report.record();
  let value: unknown;
  try {
    value = JSON.parse(event.text);
  } catch (error) {
    const where = errorPosition(event);
    report.reject(
      { record: n, line: where.line },
      `record ${n} is not valid JSON at line ${where.line}, column ${where.column}: ${parseMessage(error)}; the import stopped there: ${readBefore(n - 1)}, nothing from line ${where.line} on`,
    );
    return false;
  }
  const at = { record: n, line: event.line };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    report.reject(at, `record ${n} is not an object`);
    return true;
  }
  const record = value as Record<string, unknown>;
  const description = pickField(record, mapping.description);
  const code = pickField(record, mapping.code);
  if (!description.ok) report.reject(at, `record ${n}: ${describeMissing(description, 'description', Object.keys(record))}`);
  else if (!code.ok) report.reject(at, `record ${n}: ${describeMissing(code, 'code', Object.keys(record))}`);
  else {
    if (description.field !== mapping.description[0]) report.count('descriptionFromFallback');
    report.accept(description.value, code.value, at, pickGroup(record, mapping.group));
  }
  return true;
}

/** File line and column of the first character that makes an element invalid. */
function errorPosition(event: Extract<JsonArrayEvent, { kind: 'element' }>): { line: number; column: number } {
  const text = event.text;
  const offset = Math.max(0, firstJsonErrorOffset(text));
  let line = event.line;
  let lineStart = -1; // the element's first line starts before it, at its column
  for (let i = 0; i < offset; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || ch === 13) {
      if (ch === 13 && text.charCodeAt(i + 1) === 10) i++;
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: lineStart === -1 ? event.column + offset : offset - lineStart + 1 };
}

/** JSON.parse's message without its position in the element (the issue gives the file's) or its echo of the input. */
function parseMessage(error: unknown): string {
  return jsonErrorMessage(error).replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?/, '');
}

function readBefore(count: number): string {
  return count === 0 ? 'no record before it' : count === 1 ? 'record 1 before it was read' : `records 1–${count} before it were read`;
}

function recordsRead(count: number): string {
  return count === 1 ? '1 record was read' : `${count.toLocaleString('en')} records were read`;
}

function characters(count: number): string {
  return count >= 1e6 ? `${(count / 1e6).toFixed(1).replace(/\.0$/, '')} million` : count.toLocaleString('en');
}
