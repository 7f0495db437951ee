// Hands a streamed file to the pure importers, which stay the only place parsing rules live. CSV and
// JSON lines come as blocks of whole records (record-blocks.ts) for importJsonLines,
// importConalaJsonLines and importCsv, each with its offset, so pairs and issues carry the real file
// line and record; a CSV's header is read once and put in front of every block. Seed text comes as
// blocks of whole lines for SeedTextImporter, which carries the example still open from one block to
// the next. A CoNaLa JSON array is cut into its elements by JsonArrayScanner as the pieces arrive.
// Records too long to hold become located issues.

import { importConalaJsonEvents } from '../../shared/dataset/import-conala-json';
import { importCsv, readCsvHeader } from '../../shared/dataset/import-csv';
import { splitLines } from '../../shared/dataset/import-report';
import { importConalaJsonLines, importJsonLines } from '../../shared/dataset/import-jsonl';
import { SeedTextImporter } from '../../shared/dataset/import-seed-text';
import { JsonArrayScanner, type JsonArrayEvent } from '../../shared/dataset/json-array-scanner';
import type { FieldMapping, ImportResult, Pair } from '../../shared/dataset/pair';
import { RecordBlockCutter, type BlockEvent } from './record-blocks';
import type { RecordSyntax } from './record-boundaries';
import type { ReportAccumulator } from './report-accumulator';

/** What the stream feeds every format: the file's text piece by piece, then its end. */
export interface TextImporter {
  /** The pairs the piece completed. */
  push(piece: string): Pair[];
  /** The end of the file. */
  finish(): Pair[];
  /** True when nothing after this point can be imported: the rest of the file need not be read. */
  readonly stopped: boolean;
}

export interface BlockImporter {
  syntax: RecordSyntax;
  /** The first record is a header and comes alone. */
  firstRecordAlone: boolean;
  /** The pairs of one block; skipped records become issues. */
  handle(event: BlockEvent): Pair[];
  /** The end of the file. */
  finish(): Pair[];
  /** True when nothing after this point can be imported (a CSV header without the wanted columns). */
  readonly stopped: boolean;
}

export interface BlockImportOptions {
  fields?: Partial<FieldMapping>;
  delimiter?: string;
  maxRecordChars: number;
}

/** A block importer fed by a RecordBlockCutter: blocks of at most `blockChars` characters of whole records. */
export function throughBlocks(importer: BlockImporter, blockChars: number, maxRecordChars: number): TextImporter {
  const cutter = new RecordBlockCutter(importer.syntax, { blockChars, maxRecordChars, firstRecordAlone: importer.firstRecordAlone });
  const handle = (events: BlockEvent[]): Pair[] => {
    const pairs: Pair[] = [];
    for (const event of events) {
      if (importer.stopped) break;
      for (const pair of importer.handle(event)) pairs.push(pair);
    }
    return pairs;
  };
  return {
    push: (piece) => handle(cutter.push(piece)),
    finish: () => {
      const pairs = handle(cutter.finish());
      if (!importer.stopped) for (const pair of importer.finish()) pairs.push(pair);
      return pairs;
    },
    get stopped() {
      return importer.stopped;
    },
  };
}

/** Seed text: blocks of whole lines, read by one SeedTextImporter that carries the open example across them. */
export function seedBlockImporter(fileName: string, options: BlockImportOptions, report: ReportAccumulator): BlockImporter {
  const importer = new SeedTextImporter(fileName, { maxExampleChars: options.maxRecordChars });
  let ended = false;
  const add = (result: ImportResult): Pair[] => {
    report.add(result.report);
    return result.pairs;
  };
  return {
    syntax: { kind: 'lines' },
    firstRecordAlone: false,
    stopped: false,
    handle(event) {
      if (event.kind === 'overlong') return add(importer.skippedLine(event.line, event.chars));
      if (event.last) ended = true;
      return add(importer.read(event.text, event.firstLine, event.last === true));
    },
    finish: () => (ended ? [] : add(importer.finish())),
  };
}

/** A CoNaLa JSON array: the scanner cuts each piece's whole elements out, importConalaJsonEvents reads them. */
export function jsonArrayImporter(fileName: string, options: BlockImportOptions, report: ReportAccumulator): TextImporter {
  const scanner = new JsonArrayScanner(options.maxRecordChars);
  const read = (events: JsonArrayEvent[]): Pair[] => {
    if (importer.stopped || events.length === 0) return [];
    const result = importConalaJsonEvents(events, fileName, options.fields);
    report.add(result.report);
    importer.stopped = result.stopped;
    return result.pairs;
  };
  const importer = {
    stopped: false,
    push: (piece: string) => read(scanner.push(piece)),
    finish: () => read(scanner.finish()),
  };
  return importer;
}

export function lineBlockImporter(format: 'jsonl' | 'conala-jsonl', fileName: string, options: BlockImportOptions, report: ReportAccumulator): BlockImporter {
  const importLines = format === 'jsonl' ? importJsonLines : importConalaJsonLines;
  return {
    syntax: { kind: 'lines' },
    firstRecordAlone: false,
    stopped: false,
    handle(event) {
      if (event.kind === 'overlong') {
        report.reject({ line: event.line, record: report.records + 1 }, `line ${event.line} is ${millions(event.chars)} characters long, over the limit of ${millions(options.maxRecordChars)} for one record; skipped`);
        return [];
      }
      const result = importLines(event.text, fileName, options.fields, { lines: event.firstLine - 1, records: report.records });
      report.add(result.report);
      return result.pairs;
    },
    finish: () => [],
  };
}

export function csvBlockImporter(fileStart: string, fileName: string, options: BlockImportOptions, report: ReportAccumulator): BlockImporter {
  // The delimiter and the columns are decided once, from the file's first line.
  const header = readCsvHeader(fileStart, fileName, { fields: options.fields, delimiter: options.delimiter });
  let headerText: string | undefined;
  let headerLines = 1;
  let imported = false;
  const importRows = (rows: string | undefined, firstLine: number, last: boolean): Pair[] => {
    // The line break after a block goes with it: papaparse reads `"a" ` at the end of its input
    // differently from `"a" ` before a line break.
    const text = rows === undefined ? headerText! : `${headerText}\n${rows}${last ? '' : '\n'}`;
    const result = importCsv(text, fileName, { fields: options.fields, delimiter: header.delimiter, offset: { lines: firstLine - 1 - headerLines, records: report.records } });
    report.add(result.report);
    imported = true;
    // A header without the wanted columns is reported once (by importCsv, naming the columns it has); the rows cannot be read.
    if (header.missing.length > 0) importer.stopped = true;
    return result.pairs;
  };
  const importer = {
    syntax: { kind: 'csv', delimiter: header.delimiter } as RecordSyntax,
    firstRecordAlone: true,
    stopped: false,
    handle(event: BlockEvent): Pair[] {
      if (event.kind === 'overlong') {
        if (headerText === undefined) {
          report.reject({ line: 1 }, `the header row is ${millions(event.chars)} characters long, over the limit of ${millions(options.maxRecordChars)}; is this a CSV file?`);
          importer.stopped = true;
        } else {
          report.reject({ line: event.line, record: report.records + 1 }, overlongRowReason(event, report.records + 1, options.maxRecordChars));
        }
        return [];
      }
      if (event.header) {
        headerText = event.text;
        headerLines = splitLines(event.text).length;
        return [];
      }
      // Empty lines are not rows; a block of them matters only when it is all there is (a header alone).
      if (imported && /^[\r\n]*$/.test(event.text)) return [];
      return importRows(event.text, event.firstLine, event.last === true);
    },
    finish(): Pair[] {
      return !imported && headerText !== undefined && !importer.stopped ? importRows(undefined, 1 + headerLines, true) : [];
    },
  };
  return importer;
}

function overlongRowReason(event: Extract<BlockEvent, { kind: 'overlong' }>, record: number, limit: number): string {
  if (event.openQuoteLine !== undefined) {
    return `row ${record}: a quoted field opened at line ${event.openQuoteLine} is never closed, so everything from line ${event.line} to the end ` +
      `(line ${event.endLine}, ${millions(event.chars)} characters) was skipped`;
  }
  return `row ${record} is ${millions(event.chars)} characters long (lines ${event.line}–${event.endLine}), over the limit of ${millions(limit)} for one record; skipped`;
}

function millions(chars: number): string {
  return chars >= 1e6 ? `${(chars / 1e6).toFixed(1).replace(/\.0$/, '')} million` : chars.toLocaleString('en');
}
