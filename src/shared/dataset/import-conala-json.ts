// Importer for CoNaLa's curated JSON: an array of {intent, rewritten_intent, snippet, question_id}.
// The description is `rewritten_intent` (what benchmarks use), falling back to `intent` when it is
// null; `question_id` becomes the pair's grouping key. A file that is not valid JSON yields one error
// issue at the line where parsing stopped.

import { ImportReportBuilder, lineAtOffset, lineStartOffsets, stripBom } from './import-report';
import { CONALA_FIELDS, jsonErrorMessage } from './import-jsonl';
import type { FieldMapping, ImportResult } from './pair';
import { describeMissing, pickField, pickGroup, resolveMapping } from './record-fields';

export function importConalaJson(text: string, fileName: string, fields?: Partial<FieldMapping>): ImportResult {
  const report = new ImportReportBuilder(fileName, 'conala-json');
  const mapping = resolveMapping(CONALA_FIELDS, fields);
  const body = stripBom(text);
  const lineStarts = lineStartOffsets(body);

  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    const message = jsonErrorMessage(error);
    report.reject({ line: errorLine(message, lineStarts) }, `not valid JSON, nothing imported: ${message}`);
    return report.build();
  }
  if (!Array.isArray(parsed)) {
    const found = parsed === null ? 'null' : typeof parsed === 'object' ? 'an object' : typeof parsed;
    report.reject({ line: 1 }, `expected a JSON array of CoNaLa records, found ${found}`);
    return report.build();
  }

  const elementLines = arrayElementOffsets(body).map((offset) => lineAtOffset(lineStarts, offset));
  report.count('descriptionFromFallback', 0);
  parsed.forEach((value: unknown, index) => {
    report.record();
    const at = { record: index + 1, line: elementLines[index] };
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      report.reject(at, `record ${index + 1} is not an object`);
      return;
    }
    const record = value as Record<string, unknown>;
    const description = pickField(record, mapping.description);
    const code = pickField(record, mapping.code);
    if (!description.ok) return report.reject(at, `record ${index + 1}: ${describeMissing(description, 'description', Object.keys(record))}`);
    if (!code.ok) return report.reject(at, `record ${index + 1}: ${describeMissing(code, 'code', Object.keys(record))}`);
    if (description.field !== mapping.description[0]) report.count('descriptionFromFallback');
    report.accept(description.value, code.value, at, pickGroup(record, mapping.group));
  });
  return report.build();
}

/** V8 says "at position N" (and newer ones "(line L column C)"); turn either into a line. */
function errorLine(message: string, lineStarts: readonly number[]): number {
  const explicit = /line (\d+) column \d+/.exec(message);
  if (explicit) return Number(explicit[1]);
  const position = /position (\d+)/.exec(message);
  return position ? lineAtOffset(lineStarts, Number(position[1])) : 1;
}

/**
 * Character offsets where each element of a top-level JSON array starts, found by a scan that only
 * tracks strings and nesting depth (the text is already known to be valid JSON).
 */
export function arrayElementOffsets(json: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') continue;
    if (depth === 1 && expectElement && ch !== ']') {
      offsets.push(i);
      expectElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectElement = true;
  }
  return offsets;
}
