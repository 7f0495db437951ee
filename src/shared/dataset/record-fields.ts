// Reads the description, the code and the grouping key out of one parsed record (a JSON object or a
// CSV row) by a FieldMapping, so the JSON-lines and CSV importers say "missing field" the same way.
// It does no parsing of its own.

import type { FieldMapping } from './pair';

export interface ResolvedMapping {
  description: readonly string[];
  code: readonly string[];
  /** Empty when no grouping key is wanted. */
  group: readonly string[];
}

/** CoNaLa's key: every answer mined from one Stack Overflow question shares it. */
export const DEFAULT_GROUP_FIELD = 'question_id';

export function resolveMapping(defaults: FieldMapping, override?: Partial<FieldMapping>): ResolvedMapping {
  const list = (value: string | readonly string[] | undefined) => (value === undefined ? [] : typeof value === 'string' ? [value] : [...value]);
  return {
    description: list(override?.description ?? defaults.description),
    code: list(override?.code ?? defaults.code),
    group: list(override?.group ?? defaults.group ?? DEFAULT_GROUP_FIELD),
  };
}

export type FieldValue =
  | { ok: true; value: string; field: string }
  | { ok: false; reason: 'missing' | 'empty' | 'not-text'; fields: readonly string[] };

/**
 * The first of `names` that holds non-blank text. Numbers are accepted as text (a CSV cell or a JSON
 * number is a fine description); objects, arrays and booleans are not.
 */
export function pickField(record: Record<string, unknown>, names: readonly string[]): FieldValue {
  let sawEmpty = false;
  let sawOther = false;
  for (const name of names) {
    if (!Object.prototype.hasOwnProperty.call(record, name)) continue;
    const value = record[name];
    if (value === null || value === undefined) {
      sawEmpty = true;
      continue;
    }
    if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value: String(value), field: name };
    if (typeof value !== 'string') {
      sawOther = true;
      continue;
    }
    if (value.trim() === '') {
      sawEmpty = true;
      continue;
    }
    return { ok: true, value, field: name };
  }
  return { ok: false, reason: sawOther ? 'not-text' : sawEmpty ? 'empty' : 'missing', fields: names };
}

/** "no 'intent' field" / "'snippet' is empty" … for an issue's reason. */
export function describeMissing(result: Extract<FieldValue, { ok: false }>, role: string, present: readonly string[]): string {
  const names = result.fields.map((f) => `'${f}'`).join(' or ');
  if (result.reason === 'empty') return `${role} ${names} is empty`;
  if (result.reason === 'not-text') return `${role} ${names} is not text`;
  const available = present.length > 0 ? present.map((f) => `'${f}'`).join(', ') : 'none';
  return `no ${role} field ${names} (fields present: ${available})`;
}

/**
 * The record's grouping key as text: the first of `names` holding a finite number (`41067960` →
 * "41067960") or non-blank text. Anything else means "no group", never a rejected record.
 */
export function pickGroup(record: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    if (!Object.prototype.hasOwnProperty.call(record, name)) continue;
    const value = record[name];
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}
