// Speed, memory and quality of the near-duplicate grouping (src/shared/dataset/near-duplicates.ts)
// on a labelled synthetic set: 600,000 English→Python pairs by default, of mined-CoNaLa lengths
// (descriptions ~9 words, code ~40 characters), drawn from a seeded generator. Most pairs are
// distinct tasks ("families"); a quarter of them get planted copies of known kinds: exact copies,
// the same description with other code, reworded descriptions, renamed and reformatted code.
// Precision: of the pairs a kind groups, the share grouped with a member of their own family.
// Recall: of the copies planted for a kind, the share that kind puts in a group with their family.
// Distinct tasks that happen to look alike (same method, similar words) count against precision.

import { codeShape } from '../../shared/dataset/code-shape';
import { KEPT_NAMES } from '../../shared/dataset/code-shape-names';
import { hash32 } from '../../shared/dataset/minhash';
import { SeededRandom } from '../../shared/random/seeded-random';
import { PYTHON_KEYWORDS } from '../../shared/tokenizer/python-tokenizer';
import { DUPLICATE_KINDS, findDuplicateGroups, type DuplicateGroup, type DuplicateGroupOptions, type DuplicateKind } from '../../shared/dataset/near-duplicates';

export interface NearDuplicateBenchOptions {
  pairs?: number;
  seed?: number;
  /** Grouping options to try instead of the defaults. */
  options?: Partial<DuplicateGroupOptions>;
  log: (line: string) => void;
}

export interface LabelledPair {
  id: number;
  description: string;
  code: string;
  family: number;
  /** The kind this pair was planted to be found by; undefined for the family's original. */
  planted?: DuplicateKind;
}

const DEFAULT_PAIRS = 600_000;
const SHARE_OF_FAMILIES_WITH_COPIES = 0.25;

export async function benchNearDuplicates(options: NearDuplicateBenchOptions): Promise<Record<string, number>> {
  const { log } = options;
  const total = options.pairs ?? DEFAULT_PAIRS;
  let started = performance.now();
  const pairs = generateLabelledPairs(total, options.seed ?? 1);
  const generateSeconds = (performance.now() - started) / 1000;
  const rssBefore = process.memoryUsage().rss;
  log(`near-duplicates: ${pairs.length.toLocaleString('en')} synthetic pairs generated in ${generateSeconds.toFixed(1)} s`);

  started = performance.now();
  const cpuBefore = process.cpuUsage();
  const groups = findDuplicateGroups(pairs, options.options);
  const seconds = (performance.now() - started) / 1000;
  // CPU time too: on a shared 2-core machine the wall clock also measures the neighbours.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  // The tokenizer-based code shape alone, to see whether it is the bottleneck (it is not: ~15%).
  started = performance.now();
  for (const pair of pairs) codeShape(pair.code);
  const codeShapeSeconds = (performance.now() - started) / 1000;
  const result: Record<string, number> = {
    pairs: pairs.length,
    seconds: round(seconds, 2),
    cpuSeconds: round(cpuSeconds, 2),
    codeShapeSeconds: round(codeShapeSeconds, 2),
    rssBeforeMb: Math.round(rssBefore / 2 ** 20),
    peakRssMb: Math.round(peakRss / 2 ** 20),
  };
  log(`grouped in ${seconds.toFixed(1)} s, ${cpuSeconds.toFixed(1)} s of CPU (code shapes alone: ${codeShapeSeconds.toFixed(1)} s); RSS ${result.rssBeforeMb} MB before, peak ${result.peakRssMb} MB (generation included)`);
  for (const kind of DUPLICATE_KINDS) Object.assign(result, scoreKind(kind, groups, pairs, log));
  return result;
}

function scoreKind(kind: DuplicateKind, groups: readonly DuplicateGroup[], pairs: readonly LabelledPair[], log: (line: string) => void): Record<string, number> {
  const ofKind = groups.filter((g) => g.kind === kind);
  let grouped = 0;
  let withFamily = 0;
  let links = 0;
  let familyLinks = 0;
  const groupOf = new Map<number, DuplicateGroup>();
  for (const group of ofKind) {
    const families = new Map<number, number>();
    for (const id of group.ids) {
      families.set(pairs[id].family, (families.get(pairs[id].family) ?? 0) + 1);
      groupOf.set(id, group);
    }
    grouped += group.ids.length;
    for (const size of families.values()) if (size > 1) withFamily += size;
    links += (group.ids.length * (group.ids.length - 1)) / 2;
    for (const size of families.values()) familyLinks += (size * (size - 1)) / 2;
  }
  let planted = 0;
  let found = 0;
  for (const pair of pairs) {
    if (pair.planted !== kind) continue;
    planted++;
    if (groupOf.get(pair.id)?.ids.some((id) => id !== pair.id && pairs[id].family === pair.family)) found++;
  }
  const precision = grouped ? withFamily / grouped : 1;
  const pairPrecision = links ? familyLinks / links : 1;
  const recall = planted ? found / planted : 1;
  log(
    `  ${kind.padEnd(20)} ${ofKind.length.toLocaleString('en').padStart(8)} groups, ${grouped.toLocaleString('en').padStart(8)} pairs;` +
      ` precision ${percent(precision)} (pairwise ${percent(pairPrecision)}), recall ${percent(recall)} of ${planted.toLocaleString('en')} planted`,
  );
  const key = kind.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  return { [`${key}Groups`]: ofKind.length, [`${key}Precision`]: round(precision, 4), [`${key}PairPrecision`]: round(pairPrecision, 4), [`${key}Recall`]: round(recall, 4) };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

// ---------------------------------------------------------------------------------------------
// The generator. Real words at the top of Zipf-distributed vocabularies (so "list", "string" and
// `.split` are as common as in CoNaLa and unrelated tasks share them) and pronounceable made-up
// words below them, so 600k tasks can be distinct.

const REAL_VERBS = ('sort convert remove get find split join replace count check create merge filter read write parse ' +
  'extract print reverse append insert group flatten iterate compare format encode decode round select add update copy ' +
  'load save plot open match search download send sum multiply concatenate shuffle transpose normalize strip capitalize ' +
  'zip unpack serialize sample slice rename drop fill pivot cast validate escape hash compress generate initialize clear').split(' ');
const REAL_NOUNS = ('list string dictionary file dataframe column row array tuple key value element item number integer ' +
  'character word line date time datetime index set json url directory path regex pattern matrix image object class ' +
  'variable query table field header cookie request response socket thread process queue stack tree node graph ' +
  'timestamp timezone byte buffer stream frame series axis label legend figure window button widget form template ' +
  'session user password email address name text sentence paragraph document page link tag attribute element').split(' ');
const ADJECTIVES = ('first last empty nested unique duplicate multiple new current whole numeric ' +
  'random large small hidden missing invalid local remote binary hexadecimal unicode lowercase uppercase').split(' ');
const PREPOSITIONS = ['of', 'in', 'from', 'to', 'by', 'with', 'into', 'for', 'on'];
const QUESTION_PREFIXES = ['', '', '', 'how to ', 'how do i ', 'python: ', 'how can i ', 'python - '];
const TAILS = ['', '', '', ' in python', ' using python', ' with python'];
/** Synonyms the grouping knows (description-words.ts) and synonyms it does not: a fair share of rewordings is missed. */
const SYNONYM_SWAPS: Record<string, string> = {
  dictionary: 'dict', remove: 'delete', find: 'calculate', print: 'display', integer: 'int',
  get: 'obtain', create: 'make', check: 'verify', merge: 'combine', split: 'divide', copy: 'duplicate', list: 'array',
};
const FILLERS = ['quickly', 'efficiently', 'properly', 'correctly', 'easily', 'again'];
const MODULES = 'os sys re json math random time datetime collections itertools np pd plt subprocess shutil csv struct'.split(' ');
const REAL_METHODS = ('split join strip replace append extend sort items keys values get update lower upper format ' +
  'encode decode read write readlines close find index count pop insert remove startswith endswith groupby apply ' +
  'merge drop fillna reset_index sort_values astype tolist reshape sum mean max min copy').split(' ');
const VARIABLES = 'a b x y s d l df data lst text items values result my_list my_dict words line row arr mylist'.split(' ');

function pseudoWords(count: number, random: SeededRandom, seen = new Set<string>()): string[] {
  const onsets = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'st', 'tr', 'pl', 'gr', 'ch'];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
  const words: string[] = [];
  while (words.length < count) {
    let word = '';
    for (let s = 2 + random.int(2); s > 0; s--) word += onsets[random.int(onsets.length)] + vowels[random.int(vowels.length)];
    word += ['', 'n', 'r', 'x', 'm'][random.int(5)];
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words;
}

/** Rank-r item with probability ∝ 1 / (r + 1): a few words are everywhere, most are rare. */
class Zipf<T> {
  private readonly cumulative: Float64Array;
  constructor(readonly items: readonly T[]) {
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    items.forEach((_, rank) => (this.cumulative[rank] = sum += 1 / (rank + 1)));
  }
  pick(random: SeededRandom): T {
    const target = random.next() * this.cumulative[this.cumulative.length - 1];
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.cumulative[mid] < target) low = mid + 1;
      else high = mid;
    }
    return this.items[low];
  }
}

interface Vocabulary {
  verbs: Zipf<string>;
  nouns: Zipf<string>;
  methods: Zipf<string>;
}

function vocabulary(random: SeededRandom): Vocabulary {
  const seen = new Set<string>([...REAL_VERBS, ...REAL_NOUNS, ...REAL_METHODS]);
  return {
    verbs: new Zipf([...REAL_VERBS, ...pseudoWords(400, random, seen)]),
    nouns: new Zipf([...REAL_NOUNS, ...pseudoWords(4000, random, seen)]),
    methods: new Zipf([...REAL_METHODS, ...pseudoWords(3000, random, seen).map((w) => (random.next() < 0.3 ? `${w}_${pick(random, REAL_NOUNS)}` : w))]),
  };
}

const pick = <T>(random: SeededRandom, items: readonly T[]): T => items[random.int(items.length)];

/** Description words as slots, so rewording can change one slot and keep the rest. */
interface DescriptionParts {
  prefix: string;
  verb: string;
  article: string;
  adjective: string;
  noun: string;
  quoted: string;
  preposition: string;
  object: string;
  filler: string;
  tail: string;
}

function describe(p: DescriptionParts): string {
  const words = [p.verb, p.article, p.adjective, p.noun, p.quoted && `\`${p.quoted}\``, p.preposition, 'a', p.object, p.filler];
  return p.prefix + words.filter((w) => w !== '').join(' ') + p.tail;
}

function randomDescription(random: SeededRandom, words: Vocabulary): DescriptionParts {
  return {
    prefix: pick(random, QUESTION_PREFIXES),
    verb: words.verbs.pick(random),
    article: 'the',
    adjective: random.next() < 0.4 ? pick(random, ADJECTIVES) : '',
    noun: words.nouns.pick(random),
    quoted: random.next() < 0.3 ? pick(random, VARIABLES) : '',
    preposition: pick(random, PREPOSITIONS),
    object: words.nouns.pick(random),
    filler: '',
    tail: pick(random, TAILS),
  };
}

/** Code as a template plus slot values, so a copy can rename the names and change the literals only. */
interface CodeParts {
  template: number;
  names: string[];
  methods: string[];
  module: string;
  strings: string[];
  numbers: number[];
}

type Render = (p: CodeParts, style: CodeStyle) => string;
interface CodeStyle {
  quote: string;
  space: string;
  wrap: boolean;
}

const s = (p: CodeParts, style: CodeStyle, i: number) => `${style.quote}${p.strings[i]}${style.quote}`;
const args = (style: CodeStyle, items: string[]) => (style.wrap ? `\n    ${items.join(',\n    ')},\n` : items.join(`,${style.space || ' '}`));
const TEMPLATES: Render[] = [
  (p, st) => `${p.names[0]}.${p.methods[0]}(${args(st, [s(p, st, 0)])})`,
  (p, st) => `${p.names[1]} = ${p.names[0]}.${p.methods[0]}(${args(st, [s(p, st, 0), String(p.numbers[0])])})`,
  (p) => `[${p.names[2]}.${p.methods[0]}() for ${p.names[2]} in ${p.names[0]}]`,
  (p, st) => `sorted(${args(st, [p.names[0], `key=lambda ${p.names[2]}: ${p.names[2]}[${s(p, st, 0)}]`])})`,
  (p, st) => `${p.module}.${p.methods[0]}(${args(st, [p.names[0], s(p, st, 0)])})`,
  (p, st) => `print(${p.names[0]}.${p.methods[0]}(${args(st, [s(p, st, 0), s(p, st, 1)])}))`,
  (p, st) => `${p.names[0]}[${p.names[0]}[${s(p, st, 0)}].${p.methods[0]}()${st.space}==${st.space}${p.numbers[0]}]`,
  (p, st) => `dict(zip(${args(st, [p.names[0], `${p.names[1]}.${p.methods[0]}()`])}))`,
  (p, st) => `${p.names[0]}.${p.methods[0]}(${s(p, st, 0)}).${p.methods[1]}()`,
  (p, st) => `${s(p, st, 0)}.join(${p.methods[0]}(${p.names[2]}) for ${p.names[2]} in ${p.names[0]})`,
  (p, st) => `${p.names[1]} = [${p.names[2]} for ${p.names[2]} in ${p.names[0]} if ${p.names[2]}.${p.methods[0]}()${st.space}>${st.space}${p.numbers[0]}]`,
  (p) => `${p.module}.${p.methods[0]}(${p.module}.${p.methods[1]}(${p.names[0]}))`,
  (p, st) => `with open(${s(p, st, 0)}) as ${p.names[1]}:\n    ${p.names[0]} = ${p.names[1]}.${p.methods[0]}()`,
  (p) => `for ${p.names[2]} in ${p.names[0]}:\n    print(${p.names[2]}.${p.methods[0]}(${p.numbers[0]}))`,
  (p, st) => `def ${p.methods[1]}(${p.names[0]}):\n    return ${p.names[0]}.${p.methods[0]}(${s(p, st, 0)})`,
  (p, st) => `${p.names[0]}[${s(p, st, 0)}] = ${p.names[0]}[${s(p, st, 1)}].${p.methods[0]}(${p.numbers[0]})`,
  (p) => `${p.names[1]} = {${p.names[2]}: ${p.names[0]}.${p.methods[0]}(${p.names[2]}) for ${p.names[2]} in ${p.names[0]}}`,
  (p, st) => `${p.module}.${p.methods[0]}(${args(st, [s(p, st, 0), `${p.methods[1]}=${p.numbers[0]}`])})`,
];

/** Three distinct variable names; never a keyword or a builtin, which a person renaming a variable would not pick. */
function randomNames(random: SeededRandom, words: Vocabulary): string[] {
  const names = new Set<string>();
  while (names.size < 3) {
    const name = random.next() < 0.6 ? pick(random, VARIABLES) : `${words.nouns.pick(random)}${random.next() < 0.5 ? '' : '_' + pick(random, ['list', 'str', 'dict', 'data'])}`;
    if (!PYTHON_KEYWORDS.has(name) && !KEPT_NAMES.has(name)) names.add(name);
  }
  return [...names];
}

/**
 * Code for a task. As in real data, what the code calls depends on what the task asks: most tasks
 * with the same verb use one of a few methods for it (sort → `.sort`, `sorted`), so tasks that
 * share code mostly share words too; the rest call anything.
 */
function randomCode(random: SeededRandom, words: Vocabulary, verb?: string): CodeParts {
  const methodFor = (text: string) => words.methods.items[(hash32(text) + random.int(3)) % words.methods.items.length];
  return {
    template: random.int(TEMPLATES.length),
    names: randomNames(random, words),
    methods: [verb && random.next() < 0.6 ? methodFor(verb) : words.methods.pick(random), words.methods.pick(random)],
    module: pick(random, MODULES),
    strings: [words.nouns.pick(random), pick(random, [',', ' ', '\\n', '%Y-%m-%d', words.nouns.pick(random)])],
    numbers: [random.int(100), random.int(10)],
  };
}

const PLAIN: CodeStyle = { quote: "'", space: ' ', wrap: false };
const render = (parts: CodeParts, style: CodeStyle = PLAIN) => TEMPLATES[parts.template](parts, style);

/** Which kind each planted copy is for, and how often. */
const COPY_KINDS: readonly [DuplicateKind, number][] = [['exact', 0.15], ['same-description', 0.15], ['similar-description', 0.35], ['same-code-shape', 0.35]];

export function generateLabelledPairs(total: number, seed: number): LabelledPair[] {
  const random = new SeededRandom(seed);
  const words = vocabulary(random);
  const pairs: LabelledPair[] = [];
  const seenDescriptions = new Set<string>();
  let family = 0;
  while (pairs.length < total) {
    let parts = randomDescription(random, words);
    while (seenDescriptions.has(taskKey(parts))) parts = randomDescription(random, words);
    seenDescriptions.add(taskKey(parts));
    const code = randomCode(random, words, parts.verb);
    pairs.push({ id: pairs.length, description: describe(parts), code: render(code), family });
    if (random.next() < SHARE_OF_FAMILIES_WITH_COPIES) {
      for (let copies = 1 + random.int(2); copies > 0 && pairs.length < total; copies--) {
        const kind = weightedKind(random);
        pairs.push({ id: pairs.length, ...plantCopy(kind, parts, code, random, words), family, planted: kind });
      }
    }
    family++;
  }
  // Copies are generated next to their original; a dataset does not keep them there.
  random.shuffle(pairs).forEach((pair, index) => (pair.id = index));
  return pairs;
}

/**
 * Two tasks are one task when their content words agree, whatever the phrasing: "sort the list in a
 * string" and "sort the list to a string" would be near-duplicates the labels call distinct.
 */
const taskKey = (p: DescriptionParts) => `${p.verb} ${p.adjective} ${p.noun} ${p.object}`;

function weightedKind(random: SeededRandom): DuplicateKind {
  let r = random.next();
  for (const [kind, share] of COPY_KINDS) if ((r -= share) < 0) return kind;
  return COPY_KINDS[COPY_KINDS.length - 1][0];
}

function plantCopy(kind: DuplicateKind, parts: DescriptionParts, code: CodeParts, random: SeededRandom, words: Vocabulary): { description: string; code: string } {
  switch (kind) {
    case 'exact':
      return { description: restyle(describe(parts), random), code: `${render(code)}${random.next() < 0.5 ? '  \n' : '\n\n'}` };
    case 'same-description':
      return { description: restyle(describe(parts), random), code: render({ ...randomCode(random, words), template: (code.template + 1 + random.int(TEMPLATES.length - 1)) % TEMPLATES.length }) };
    case 'similar-description':
      return { description: describe(reword(parts, random)), code: random.next() < 0.5 ? render(code) : renameAndReformat(code, random, words) };
    case 'same-code-shape':
      return { description: random.next() < 0.5 ? describe(parts) : describe(reword(parts, random)), code: renameAndReformat(code, random, words) };
  }
}

/** Case and trailing punctuation: what normalizeDescription forgives. */
function restyle(description: string, random: SeededRandom): string {
  const cased = random.next() < 0.5 ? description.charAt(0).toUpperCase() + description.slice(1) : description;
  return cased + pick(random, ['', '?', '.', '  ']);
}

/** One or two edits a person rephrasing the same question makes; at most one content word added or swapped. */
function reword(parts: DescriptionParts, random: SeededRandom): DescriptionParts {
  const out = { ...parts };
  const edits = [
    () => (out.prefix = pick(random, QUESTION_PREFIXES.filter((p) => p !== parts.prefix))),
    () => (out.tail = pick(random, TAILS.filter((t) => t !== parts.tail))),
    () => (out.article = out.article ? '' : 'the'),
    () => (out.verb = SYNONYM_SWAPS[out.verb] ?? `${out.verb}ing`),
    () => (out.noun = SYNONYM_SWAPS[out.noun] ?? `${out.noun}s`),
    () => (out.quoted = out.quoted ? '' : pick(random, VARIABLES)),
    () => (out.filler = pick(random, FILLERS)),
  ];
  const count = 1 + random.int(2);
  for (let i = 0; i < count; i++) edits[random.int(edits.length)]();
  if (describe(out) === describe(parts)) out.prefix = parts.prefix === 'how to ' ? 'how do i ' : 'how to ';
  return out;
}

/** Other names, other literals half the time, other quotes, spacing and line breaks. */
function renameAndReformat(code: CodeParts, random: SeededRandom, words: Vocabulary): string {
  const renamed: CodeParts = { ...code, names: randomNames(random, words) };
  if (random.next() < 0.5) renamed.strings = [words.nouns.pick(random), code.strings[1]];
  if (random.next() < 0.5) renamed.numbers = [random.int(100), code.numbers[1]];
  const style: CodeStyle = { quote: random.next() < 0.5 ? '"' : "'", space: random.next() < 0.5 ? '  ' : ' ', wrap: random.next() < 0.4 };
  return render(renamed, style);
}
