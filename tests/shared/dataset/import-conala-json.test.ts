// CoNaLa's JSON array: rewritten_intent with intent as fallback, located issues, invalid JSON (the
// records before a syntax error kept), and the scanner that cuts the array into its elements.
import { describe, expect, it } from 'vitest';
import { importConalaJson } from '../../../src/shared/dataset/import-conala-json';
import { firstJsonErrorOffset, JsonArrayScanner, type JsonArrayEvent } from '../../../src/shared/dataset/json-array-scanner';

const records = [
  { intent: 'How to sum a list?', rewritten_intent: "sum the elements of list 'x'", snippet: 'sum(x)', question_id: 1 },
  { intent: 'How to reverse a string?', rewritten_intent: null, snippet: 's[::-1]', question_id: 2 },
  { intent: null, rewritten_intent: null, snippet: 'pass', question_id: 3 },
  { intent: 'no code here', rewritten_intent: 'print x', question_id: 4 },
  'not an object',
];

describe('importConalaJson', () => {
  const text = JSON.stringify(records, null, 2);
  const { pairs, report } = importConalaJson(text, 'conala.json');

  it('uses rewritten_intent and falls back to intent', () => {
    expect(pairs.map((p) => [p.description, p.code])).toEqual([
      ["sum the elements of list 'x'", 'sum(x)'],
      ['How to reverse a string?', 's[::-1]'],
    ]);
    expect(report.counts.descriptionFromFallback).toBe(1);
  });

  it('reports each bad record with its index and line', () => {
    expect(report).toMatchObject({ format: 'conala-json', records: 5, accepted: 2, rejected: 3 });
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(report.issues).toEqual([
      expect.objectContaining({ record: 3, line: lineOf('"question_id": 2') + 2, severity: 'error', reason: expect.stringMatching(/record 3.*'rewritten_intent' or 'intent' is empty/) }),
      expect.objectContaining({ record: 4, severity: 'error', reason: expect.stringMatching(/record 4: no code field 'snippet'/) }),
      expect.objectContaining({ record: 5, line: lineOf('"not an object"'), reason: 'record 5 is not an object' }),
    ]);
    expect(pairs[1].source).toEqual({ file: 'conala.json', record: 2, line: lineOf('"question_id": 1') + 2 });
  });

  it('stops at a syntax error, located, keeping the records before it', () => {
    const broken = '[\n  {"intent": "a", "snippet": "b"},\n  {"intent": "c" "snippet": "d"},\n  {"intent": "e", "snippet": "f"}\n]';
    const result = importConalaJson(broken, 'bad.json');
    expect(result.pairs.map((p) => [p.description, p.source])).toEqual([['a', { file: 'bad.json', record: 1, line: 2 }]]);
    expect(result.report).toMatchObject({ records: 2, accepted: 1, rejected: 1 });
    expect(result.report.issues).toEqual([expect.objectContaining({ record: 2, line: 3, severity: 'error' })]);
    expect(result.report.issues[0].reason).toBe(
      "record 2 is not valid JSON at line 3, column 18: Expected ',' or '}' after property value; the import stopped there: record 1 before it was read, nothing from line 3 on",
    );
  });

  it('locates an error V8 gives no position for, on the line inside a multi-line record', () => {
    const broken = '[\n  {"intent": "a", "snippet": "b"},\n  {"intent": "a", "snippet": "b"},\n  {\n    "intent": "c",\n    "snippet": }\n]';
    const result = importConalaJson(broken, 'bad.json');
    expect(result.pairs).toHaveLength(2);
    expect(result.report.issues).toEqual([expect.objectContaining({ record: 3, line: 6 })]);
    expect(result.report.issues[0].reason).toMatch(/^record 3 is not valid JSON at line 6, column 16: Unexpected token '}'; the import stopped there: records 1–2 before it were read/);
  });

  it('rejects a top-level object', () => {
    const result = importConalaJson('{"intent": "a"}', 'obj.json');
    expect(result.report.issues[0].reason).toMatch(/expected a JSON array.*found an object at line 1, column 1; nothing imported/);
  });

  it('reports each malformed array with a located, clear message', () => {
    const record = (i: number) => `{"intent": "i${i}", "snippet": "s${i}"}`;
    const cases: Array<[string, number, Array<[number | undefined, 'error' | 'warning', RegExp]>]> = [
      ['\n\n  "just a string"', 0, [[3, 'error', /^expected a JSON array of CoNaLa records, found a string at line 3, column 3; nothing imported$/]]],
      ['  ', 0, [[1, 'error', /^no JSON in the file/]]],
      [`[${record(1)},\n${record(2)}]\n\n# trailing notes`, 2, [[4, 'error', /^text after the array's closing '\]' \(line 2\): '#' at line 4, column 1; the array's 2 records were read, nothing after it$/]]],
      [`[${record(1)},\n${record(2)}\n`, 2, [[2, 'error', /^the array opened at line 1 is never closed: the file ends after line 2 without its '\]'; its 2 records were read$/]]],
      [`[${record(1)},\n${record(2)},\n{"intent": "cut`, 2, [[3, 'error', /^record 3, from line 3, is cut off: the file ends inside it \(line 3\) and the array is never closed; records 1–2 before it were read$/]]],
      [`[${record(1)}\n${record(2)}]`, 1, [[2, 'error', /^not valid JSON at line 2, column 1: expected ',' or '\]' after record 1, found '\{'; the import stopped there: record 1 before it was read, nothing after it$/]]],
      [`[${record(1)},,${record(2)}]`, 1, [[1, 'error', /^not valid JSON at line 1, column \d+: expected a record, found ','; the import stopped there: record 1 before it was read/]]],
      [`[${record(1)}, ${record(2)},\n]`, 2, [[2, 'warning', /^a ',' after the last record \(line 2, column 1\) is not valid JSON; ignored$/]]],
      [`[${record(1)}, {"intent": "x\ty", "snippet": "z"}, ${record(3)}]`, 1, [[1, 'error', /^record 2 is not valid JSON at line 1, column 50: Bad control character in string literal; /]]],
    ];
    for (const [text, kept, issues] of cases) {
      const { pairs, report } = importConalaJson(text, 'bad.json');
      expect(pairs, text).toHaveLength(kept);
      expect(report.issues.map((i) => [i.line, i.severity, i.reason]), text).toEqual(issues.map(([line, severity, reason]) => [line, severity, expect.stringMatching(reason)]));
    }
  });

  it('reads elements of any shape, and brackets, commas and escaped quotes inside strings', () => {
    const text = '[{"intent": "a\\"], {", "snippet": "b,}"}, 7, [1, {"x": "]"}], {"rewritten_intent": "c", "snippet": "[d]"}]';
    const { pairs, report } = importConalaJson(text, 'shapes.json');
    expect(pairs.map((p) => [p.description, p.code, p.source.record])).toEqual([['a"], {', 'b,}', 1], ['c', '[d]', 4]]);
    expect(report.issues.map((i) => i.reason)).toEqual(['record 2 is not an object', 'record 3 is not an object']);
  });
});

describe('JsonArrayScanner', () => {
  const elements = (events: JsonArrayEvent[]) => events.flatMap((e) => (e.kind === 'element' ? [[e.text, e.record, e.line, e.column]] : []));

  it('cuts out whole elements with their line and column, however the text is cut into pieces', () => {
    const json = '[ {"a": "x, ] {"},\r\n [1, 2],\r"s,]\\"",\n 3 ]';
    const expected = [['{"a": "x, ] {"}', 1, 1, 3], ['[1, 2]', 2, 2, 2], ['"s,]\\""', 3, 3, 1], ['3', 4, 4, 2]];
    const whole = new JsonArrayScanner();
    expect(elements([...whole.push(json), ...whole.finish()])).toEqual(expected);
    for (let size = 1; size <= 7; size++) {
      const scanner = new JsonArrayScanner();
      const events: JsonArrayEvent[] = [];
      for (let i = 0; i < json.length; i += size) events.push(...scanner.push(json.slice(i, i + size)));
      events.push(...scanner.finish());
      expect(elements(events), `pieces of ${size}`).toEqual(expected);
      expect(events.filter((e) => e.kind !== 'element').map((e) => e.kind)).toEqual(['open']);
    }
    const empty = new JsonArrayScanner();
    expect([...empty.push('[]'), ...empty.finish()]).toEqual([{ kind: 'open', line: 1 }]);
  });

  it('skips an element over the limit without holding it, and says where it ends', () => {
    const scanner = new JsonArrayScanner(20);
    const events: JsonArrayEvent[] = [];
    for (const piece of ['[{"a": 1},\n{"long": "', 'x'.repeat(30), '\n', 'y"},\n', '{"b": 2}]']) events.push(...scanner.push(piece));
    events.push(...scanner.finish());
    expect(events.map((e) => (e.kind === 'element' ? e.text : e.kind === 'overlong' ? [e.record, e.line, e.endLine, e.chars, e.limit] : e.kind))).toEqual([
      'open', '{"a": 1}', [2, 2, 3, 44, 20], '{"b": 2}',
    ]);
  });
});

describe('firstJsonErrorOffset', () => {
  it("finds the position V8 names, and one where V8's message names none", () => {
    for (const text of ['{"a":1 "b"}', '{"a":"x', '{"a":1}}', '"a\tb"', '{a:1}', '01', '-', '1 2', '{"a":1,}', '{"a":[1,2}', '"\\u12G4"', '1.']) {
      let position = -2;
      try {
        JSON.parse(text);
      } catch (error) {
        position = Number(/at position (\d+)/.exec((error as Error).message)?.[1]);
      }
      expect(firstJsonErrorOffset(text), text).toBe(position);
    }
    expect(firstJsonErrorOffset('{"a": }')).toBe(6);
    expect(firstJsonErrorOffset('[1,]')).toBe(3);
    expect(firstJsonErrorOffset('tru')).toBe(3);
    for (const valid of ['[[[]]]', '{"a":{"b":[1,{"c":null}]}}', '1.5e+3', '{}', ' [ ] ', '"\\u00e9"', '-0.5E-2', 'true']) expect(firstJsonErrorOffset(valid), valid).toBe(-1);
  });
});

describe('importConalaJson grouping key', () => {
  it("makes question_id each pair's group, as text", () => {
    const { pairs } = importConalaJson(JSON.stringify(records), 'conala.json');
    expect(pairs.map((p) => p.group)).toEqual(['1', '2']);
  });
});
