// Importer for CSV (or TSV) with a header row, parsed by papaparse: two chosen columns (default
// `intent`,`snippet`) become description and code. Malformed rows (unterminated quote, wrong number
// of fields) are issues with their row and line; a missing column is one error naming the columns
// the file does have.

import Papa from 'papaparse';
import { ImportReportBuilder, lineAtOffset, lineStartOffsets, stripBom } from './import-report';
import type { FieldMapping, ImportResult } from './pair';
import { describeMissing, pickField, resolveMapping } from './record-fields';

export const CSV_DEFAULT_FIELDS: FieldMapping = { description: 'intent', code: 'snippet' };

export interface CsvOptions {
  fields?: Partial<FieldMapping>;
  /** Default: tab for `.tsv` files or a header with tabs and no comma, comma otherwise (sniffing rows is unreliable on code full of commas). */
  delimiter?: string;
}

export function importCsv(text: string, fileName: string, options: CsvOptions = {}): ImportResult {
  const report = new ImportReportBuilder(fileName, 'csv');
  // papaparse picks one line break for the whole file; mixed endings would glue rows together.
  const body = stripBom(text).replace(/\r\n?/g, '\n');
  const lineStarts = lineStartOffsets(body);
  const delimiter = options.delimiter ?? guessDelimiter(body, fileName);
  const wanted = resolveMapping(CSV_DEFAULT_FIELDS, options.fields);

  let mapping: { description: string[]; code: string[] } | undefined;
  let headerChecked = false;
  let rowStart = body.indexOf('\n') + 1 || body.length;

  Papa.parse<Record<string, unknown>>(body, {
    header: true,
    delimiter,
    skipEmptyLines: true,
    transformHeader: (header) => header.trim(),
    step: (result, parser) => {
      if (!headerChecked) {
        headerChecked = true;
        const columns = result.meta.fields ?? [];
        mapping = matchColumns(columns, wanted);
        if (!mapping.description.length || !mapping.code.length) {
          const missing = [...(mapping.description.length ? [] : wanted.description), ...(mapping.code.length ? [] : wanted.code)];
          report.reject(
            { line: 1 },
            `column ${missing.map((c) => `'${c}'`).join(', ')} not found; the header has: ${columns.map((c) => `'${c}'`).join(', ') || 'no columns'}` +
              ' (choose the columns with the description/code field options)',
          );
          parser.abort();
          return;
        }
      }
      while (body[rowStart] === '\n') rowStart++;
      const at = { record: report.records + 1, line: lineAtOffset(lineStarts, rowStart) };
      rowStart = result.meta.cursor;
      report.record();
      const problem = rowProblem(result.errors, lineAtOffset(lineStarts, Math.max(rowStart - 1, 0)), at.line);
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
      report.accept(description.value, code.value, at);
    },
  });
  if (!headerChecked && body.trim() !== '') {
    report.reject({ line: 1 }, 'only a header row, no data rows');
  } else if (body.trim() === '') {
    report.warn({ line: 1 }, 'the file is empty');
  }
  return report.build();
}

function guessDelimiter(body: string, fileName: string): string {
  if (/\.tsv$/i.test(fileName)) return '\t';
  const header = body.slice(0, body.indexOf('\n') === -1 ? body.length : body.indexOf('\n'));
  return header.includes('\t') && !header.includes(',') ? '\t' : ',';
}

/** Exact column names first, then a case-insensitive match (`Intent` for `intent`). */
function matchColumns(columns: readonly string[], wanted: { description: readonly string[]; code: readonly string[] }) {
  const find = (names: readonly string[]) =>
    names
      .map((name) => columns.find((c) => c === name) ?? columns.find((c) => c.toLowerCase() === name.toLowerCase()))
      .filter((c): c is string => c !== undefined);
  return { description: find(wanted.description), code: find(wanted.code) };
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
