// Slot placeholders: quoted values of a description become var_i / str_i in the description and
// in the code's tokens, and go back after decoding. The pitfalls the issue names are cases here;
// the round trip runs on every CoNaLa training pair when ../shared/data has them.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fillSlots, slotCode, slotDescription } from '../../../src/shared/codec/slots';
import { codeToTokens } from '../../../src/shared/tokenizer/python-sequence';
import { tokensToCode } from '../../../src/shared/tokenizer/python-detokenize';

const tokens = (code: string) => codeToTokens(code, { splitStrings: true });

function canonical(description: string, code: string) {
  const { tokens: source, slots } = slotDescription(description);
  const target = slotCode(tokens(code), slots);
  return { source, slots, target, code: tokensToCode(target).trimEnd() };
}

describe('slot placeholders', () => {
  it('replaces a quoted name in the description and in the code, and puts it back', () => {
    const c = canonical("prepend string 'hello' to all items in list `a`", "['hello{0}'.format(i) for i in a]");
    expect(c.source).toEqual(['prepend', 'string', 'str_0', 'to', 'all', 'items', 'in', 'list', 'var_0']);
    expect(c.slots).toEqual([{ name: 'str_0', value: 'hello' }, { name: 'var_0', value: 'a' }]);
    expect(c.target.slice(1, 6)).toEqual(["<STR '>", 'str_0', '{', '0', '}']);
    expect(c.code).toBe("['str_0{0}'.format(i) for i in var_0]");
    expect(tokensToCode(fillSlots(c.target, c.slots)).trimEnd()).toBe("['hello{0}'.format(i) for i in a]");
  });

  it('is one slot for a value quoted twice, and keeps the case of values', () => {
    const c = canonical("copy `DataFrame` `DF` into `DF2`, then print `DF`", 'DF2 = DF.copy()\nprint(DF)');
    expect(c.source).toEqual(['copy', 'var_0', 'var_1', 'into', 'var_2', ',', 'then', 'print', 'var_1']);
    expect(c.slots.map((s) => s.value)).toEqual(['DataFrame', 'DF', 'DF2']);
    expect(c.code).toBe('var_2 = var_1.copy()\nprint(var_1)');
  });

  it('leaves quoted numbers alone', () => {
    const c = canonical("generate combinations of '3' items from `s`", 'itertools.combinations(s, 3)');
    expect(c.source).toEqual(['generate', 'combinations', 'of', "'", '3', "'", 'items', 'from', 'var_0']);
    expect(c.code).toBe('itertools.combinations(var_0, 3)');
  });

  it('matches dotted names in code, longest first', () => {
    const c = canonical('order `Task.objects` by `Task` id, then import `some.package`', 'import some.package\nTask.objects.order_by(Task.id)');
    expect(c.slots.map((s) => [s.name, s.value])).toEqual([['var_0', 'Task.objects'], ['var_1', 'Task'], ['var_2', 'some.package']]);
    expect(c.code).toBe('import var_2\nvar_0.order_by(var_1.id)');
  });

  it('matches strings whole or in part, and code that is not a name', () => {
    const c = canonical("parse date `s` with format '%Y-%m-%d' and zip `[1, 2]` with 'a'", "datetime.strptime(s, '%Y-%m-%d')\nzip([1, 2], 'a', 'banana')");
    expect(c.slots.map((s) => s.name)).toEqual(['var_0', 'str_0', 'str_1', 'str_2']);
    expect(c.code).toBe("datetime.strptime(var_0, 'str_0')\nzip(str_1, 'str_2', 'banana')");
    expect(tokensToCode(fillSlots(c.target, c.slots)).trimEnd()).toBe("datetime.strptime(s, '%Y-%m-%d')\nzip([1, 2], 'a', 'banana')");
  });

  it('fills slots the model wrote where it likes, and leaves unknown slot tokens as names', () => {
    const { slots } = slotDescription("split `text` on ', '");
    const generated = ['var_0', '.', 'split', '(', "<STR '>", 'str_0', '<STR_END>', ')', '<NEWLINE>', 'print', '(', 'var_7', ',', 'str_0', ')'];
    expect(tokensToCode(fillSlots(generated, slots)).trimEnd()).toBe("text.split(', ')\nprint(var_7, ', ')");
  });
});

const CONALA = fileURLToPath(new URL('../../../../shared/data/conala/conala-train.json', import.meta.url));

if (existsSync(CONALA)) {
  describe('slot placeholders on every CoNaLa training pair', () => {
    it('round trips the code tokens of every pair, and slots most intents', () => {
      const records = JSON.parse(readFileSync(CONALA, 'utf8')) as { intent: string; rewritten_intent: string | null; snippet: string }[];
      let slotted = 0;
      let withQuotes = 0;
      let checked = 0;
      for (const r of records) {
        let original: string[];
        try {
          original = tokens(r.snippet);
        } catch {
          continue; // a snippet that does not tokenize is not a training target
        }
        const { slots } = slotDescription(r.rewritten_intent ?? r.intent);
        if (slots.length) withQuotes++;
        const target = slotCode(original, slots);
        if (target.some((t, i) => t !== original[i]) || target.length !== original.length) slotted++;
        expect(fillSlots(target, slots)).toEqual(original);
        checked++;
      }
      expect(checked).toBeGreaterThan(2300);
      expect(withQuotes).toBeGreaterThan(1950); // the issue counts 2,055 intents with a quoted value (some are numbers)
      expect(slotted).toBeGreaterThan(1700);
    });
  });
} else {
  describe('slot placeholders on every CoNaLa training pair', () => {
    it.skip(`NOT RUN: ${CONALA} is absent (../shared/data holds CoNaLa on the studio's machines)`, () => {});
  });
}
