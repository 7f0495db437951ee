// Importer for CSV (or TSV) with a header row, parsed by papaparse: two chosen columns (default
// `intent`,`snippet`) become description and code, and a `question_id` column, when there is one, the
// grouping key. Malformed rows (unterminated quote, wrong number of fields) are issues with their row
// and line; a missing column is one error naming the columns the file does have. Given a block offset
// it imports one block of a streamed file (the header line, then whole rows), numbered as in the file.

import Papa from 'papaparse';
import { ImportReportBuilder, lineAtOffset, lineStartOffsets, stripBom, type BlockOffset } from './import-report';
import type { FieldMapping, ImportResult } from './pair';
import { describeMissing, pickField, pickGroup, resolveMapping, type ResolvedMapping } from './record-fields';

export const CSV_DEFAULT_FIELDS: FieldMapping = { description: 'intent', code: 'snippet' };

export interface CsvOptions {
  fields?: Partial<FieldMapping>;
  /** Default: tab for `.tsv` files or a header with tabs and no comma, comma otherwise (sniffing rows is unreliable on code full of commas). */
  delimiter?: string;
  /** Lines and records before this text, when it is one block of a bigger file (its header line prepended). */
  offset?: BlockOffset;
}

/** What the header row says: the delimiter, its columns, and which of them the mapping picks. */
export interface CsvHeader {
  delimiter: string;
  columns: string[];
  /** Matched column names, in the mapping's order of preference. */
  matched: ResolvedMapping;
  /** Wanted description/code names with no matching column (empty when the header is usable). */
  missing: string[];
}

/** Reads only the header row of `text` (the file's start is enough). */
export function readCsvHeader(text: string, fileName: string, options: Omit<CsvOptions, 'offset'> = {}): CsvHeader {
  const body = stripBom(text).replace(/\r\n?/g, '\n');
  const delimiter = options.delimiter ?? guessCsvDelimiter(body, fileName);
  const wanted = resolveMapping(CSV_DEFAULT_FIELDS, options.fields);
  const parsed = Papa.parse<Record<string, unknown>>(body, { header: true, delimiter, preview: 1, transformHeader: (header) => header.trim() });
  const columns = parsed.meta.fields ?? [];
  const matched = matchColumns(columns, wanted);
  return { delimiter, columns, matched, missing: missingColumns(matched, wanted) };
}

export function importCsv(text: string, fileName: string, options: CsvOptions = {}): ImportResult {
  const report = new ImportReportBuilder(fileName, 'csv', options.offset);
  // papaparse picks one line break for the whole file; mixed endings would glue rows together.
  const body = stripBom(text).replace(/\r\n?/g, '\n');
  const lineStarts = lineStartOffsets(body);
  const delimiter = options.delimiter ?? guessCsvDelimiter(body, fileName);
  const wanted = resolveMapping(CSV_DEFAULT_FIELDS, options.fields);
  const lineOf = (offset: number) => report.fileLine(lineAtOffset(lineStarts, offset));

  let mapping: ResolvedMapping | undefined;
  let headerChecked = false;
  let rowStart = body.indexOf('\n') + 1 || body.length;

  Papa.parse<Record<string, unknown>>(body, {
    header: true,
    delimiter,
    newline: '\n', // the body's only line break: papaparse need not scan for one (once per block of a streamed file)
    skipEmptyLines: true,
    transformHeader: (header) => header.trim(),
    step: (result, parser) => {
      if (!headerChecked) {
        headerChecked = true;
        const columns = result.meta.fields ?? [];
        mapping = matchColumns(columns, wanted);
        const missing = missingColumns(mapping, wanted);
        if (missing.length > 0) {
          report.reject(
            { line: 1 },
            `column ${missing.map((c) => `'${c}'`).join(', ')} not found; the header has: ${columns.map((c) => `'${c}'`).join(', ') || 'no columns'}` +
              ' (choose the columns with the description/code field options)',
          );
          parser.abort();
          return;
        }
      }
      rowStart = skipEmptyRows(body, rowStart, delimiter);
      const at = { record: report.nextRecordNumber(), line: lineOf(rowStart) };
      rowStart = result.meta.cursor;
      report.record();
      const problem = rowProblem(result.errors, lineOf(Math.max(rowStart - 1, 0)), at.line);
      if (problem) return report.reject(at, `row ${at.record}: ${problem}`);
      const row = result.data;
      const columns = Object.keys(row).filter((k) => k !== '__parsed_extra');
      const description = pickField(row, mapping!.description);
      const code = pickField(row, mapping!.code);
      const short = result.errors.some((e) => e.code === 'TooFewFields');
      if (!description.ok) {
        return report.reject(at, `row ${at.record}: ${short ? 'too few fields; ' : ''}${describeMissing(description, 'description', columns)}`, short ? 'error' : 'warning');
      }
      if (!code.ok) {
        return report.reject(at, `row ${at.record}: ${short ? 'too few fields; ' : ''}${describeMissing(code, 'code', columns)}`, short ? 'error' : 'warning');
      }
      if (short) report.warn(at, `row ${at.record}: fewer fields than the header, but description and code are present`);
      report.accept(description.value, code.value, at, pickGroup(row, mapping!.group));
    },
  });
  if (!headerChecked && body.trim() !== '') {
    report.reject({ line: 1 }, 'only a header row, no data rows');
  } else if (body.trim() === '') {
    report.warn({ line: 1 }, 'the file is empty');
  }
  return report.build();
}

/** Tab for `.tsv` or a first line with tabs and no comma; comma otherwise. `body` has `\n` line breaks. */
export function guessCsvDelimiter(body: string, fileName: string): string {
  if (/\.tsv$/i.test(fileName)) return '\t';
  const header = body.slice(0, body.indexOf('\n') === -1 ? body.length : body.indexOf('\n'));
  return header.includes('\t') && !header.includes(',') ? '\t' : ',';
}

/**
 * papaparse skips rows that read as one empty field — blank lines, and lines holding only `""` —
 * without a step: step over them too, so that the next row's line is right.
 */
function skipEmptyRows(body: string, at: number, delimiter: string): number {
  for (;;) {
    if (body[at] === '\n') {
      at++;
      continue;
    }
    if (body[at] !== '"' || body[at + 1] !== '"') return at;
    let end = at + 2;
    while ((body[end] === ' ' || body[end] === '\t') && body[end] !== delimiter) end++;
    if (end < body.length && body[end] !== '\n') return at;
    at = end + 1;
  }
}

/** Exact column names first, then a case-insensitive match (`Intent` for `intent`). */
function matchColumns(columns: readonly string[], wanted: ResolvedMapping): ResolvedMapping {
  const find = (names: readonly string[]) =>
    names
      .map((name) => columns.find((c) => c === name) ?? columns.find((c) => c.toLowerCase() === name.toLowerCase()))
      .filter((c): c is string => c !== undefined);
  return { description: find(wanted.description), code: find(wanted.code), group: find(wanted.group) };
}

/** The wanted description and code names when no column matched them. */
function missingColumns(matched: ResolvedMapping, wanted: ResolvedMapping): string[] {
  return [...(matched.description.length ? [] : wanted.description), ...(matched.code.length ? [] : wanted.code)];
}

function rowProblem(errors: readonly Papa.ParseError[], lastLine: number, firstLine: number): string | undefined {
  for (const error of errors) {
    if (error.code === 'MissingQuotes') {
      return `a quoted field is never closed, so everything from line ${firstLine} to the end (line ${lastLine}) was read as one row`;
    }
    if (error.code === 'InvalidQuotes') return 'malformed quotes (a quote inside a quoted field must be doubled: "")';
    if (error.code === 'TooManyFields') return `${error.message.toLowerCase()}; a field containing the delimiter must be quoted`;
    if (error.code === 'UndetectableDelimiter') return error.message;
  }
  return undefined;
}
