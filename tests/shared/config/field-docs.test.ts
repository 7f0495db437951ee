// Every TrainConfig field has a tooltip text, no text names a field that does not exist, and the
// texts stay in step with the doc comments in train-config.ts (the source is read, not copied).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIELD_DOCS, fieldDoc } from '../../../src/shared/config/field-docs';
import { ModelConfigSchema, TrainConfigSchema } from '../../../src/shared/config/train-config';

function schemaPaths(): string[] {
  const top = Object.keys(TrainConfigSchema.shape).filter((k) => k !== 'model');
  const model = Object.keys(ModelConfigSchema.shape).map((k) => `model.${k}`);
  return [...model, ...top];
}

/** `/** text *\/` directly above `key:` in the schema source, by key. */
function sourceComments(): Map<string, string> {
  const source = readFileSync(fileURLToPath(new URL('../../../src/shared/config/train-config.ts', import.meta.url)), 'utf8');
  const out = new Map<string, string>();
  for (const match of source.matchAll(/\/\*\*\s*(.+?)\s*\*\/\s*\n\s*(\w+):/g)) out.set(match[2], match[1]);
  return out;
}

describe('FIELD_DOCS', () => {
  it('has a non-empty explanation for every schema field', () => {
    const missing = schemaPaths().filter((path) => !fieldDoc(path).trim());
    expect(missing).toEqual([]);
  });

  it('names no field the schema lacks', () => {
    const paths = new Set(schemaPaths());
    expect(Object.keys(FIELD_DOCS).filter((p) => !paths.has(p))).toEqual([]);
  });

  it('repeats the doc comment of each field that has its own comment in train-config.ts', () => {
    const comments = sourceComments();
    // One comment above adamBeta1 describes β1, β2 and ε together; the tooltips split it per field.
    comments.delete('adamBeta1');
    expect(comments.size).toBeGreaterThan(20);
    const differing: string[] = [];
    for (const path of schemaPaths()) {
      const key = path.replace(/^model\./, '');
      const comment = comments.get(key);
      if (comment !== undefined && comment !== fieldDoc(path)) differing.push(`${path}: "${comment}" vs "${fieldDoc(path)}"`);
    }
    expect(differing).toEqual([]);
  });

  it('returns an empty string for an unknown path', () => {
    expect(fieldDoc('model.nope')).toBe('');
  });
});
