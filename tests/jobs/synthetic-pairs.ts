// Small English→Python datasets that the run, CLI and codec tests write themselves: simple, varied
// Python one-liners with matching descriptions, deterministic for a given count. Not real data
// (the real datasets live in ../shared/data and must not be copied into the repository).
import { writeFile } from 'node:fs/promises';

export interface SimplePair {
  description: string;
  code: string;
}

const NAMES = ['x', 'y', 'total', 'items', 'values', 'count', 'data', 'result'];

const TEMPLATES: ((v: string, n: number) => SimplePair)[] = [
  (v, n) => ({ description: `add ${n} to ${v}`, code: `${v} = ${v} + ${n}` }),
  (v, n) => ({ description: `multiply ${v} by ${n}`, code: `${v} = ${v} * ${n}` }),
  (v, n) => ({ description: `subtract ${n} from ${v}`, code: `${v} = ${v} - ${n}` }),
  (v, n) => ({ description: `set ${v} to ${n}`, code: `${v} = ${n}` }),
  (v, n) => ({ description: `print ${v} plus ${n}`, code: `print(${v} + ${n})` }),
  (v, n) => ({ description: `get the first ${n} elements of ${v}`, code: `${v}[:${n}]` }),
  (v, n) => ({ description: `append ${n} to the list ${v}`, code: `${v}.append(${n})` }),
  (v, n) => ({ description: `check whether ${v} is greater than ${n}`, code: `${v} > ${n}` }),
  (v, n) => ({ description: `print hello ${n} times using ${v} as counter`, code: `for ${v} in range(${n}): print('hello')` }),
  (v, n) => ({ description: `round ${v} to ${n} digits`, code: `round(${v}, ${n})` }),
];

/** `count` distinct pairs (distinct descriptions), cycling through templates, names and numbers. */
export function simplePairs(count: number): SimplePair[] {
  const out: SimplePair[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < count; i++) {
    const template = TEMPLATES[i % TEMPLATES.length];
    const name = NAMES[Math.floor(i / TEMPLATES.length) % NAMES.length];
    const number = 1 + ((i * 5 + Math.floor(i / 7)) % 9);
    if (i > 20 * count + 1000) throw new Error(`simplePairs: cannot make ${count} distinct pairs`);
    const pair = template(name, number);
    if (seen.has(pair.description)) continue;
    seen.add(pair.description);
    out.push(pair);
  }
  return out;
}

export function toJsonLines(pairs: readonly SimplePair[]): string {
  return pairs.map((p) => JSON.stringify({ description: p.description, code: p.code })).join('\n') + '\n';
}

export async function writeJsonlPairs(path: string, pairs: readonly SimplePair[]): Promise<void> {
  await writeFile(path, toJsonLines(pairs));
}
