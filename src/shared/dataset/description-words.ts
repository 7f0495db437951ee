// The content words of a description, for telling near-duplicate descriptions apart from
// descriptions that merely share a template: lower case, function words and the scaffolding every
// dataset repeats ("write a python program to …", "how do i … in python") dropped, a few synonyms
// merged (dict / dictionary) and a light suffix stripper so "sorting lists" meets "sort a list".
// Not a stemmer for linguistics (Porter's is ~300 lines); good enough to compare 10-word questions.

import { normalizeDescription } from './normalize';

const FUNCTION_WORDS =
  'a an the this that these those it its i me my we our you your he she they them their ' +
  'to of in on at by for from with without into onto out over under about as than then so ' +
  'and or but if else when while where which who whom whose what how why is are was were be been being ' +
  'am do does did done doing have has had can could should would will shall may might must ' +
  'not no there here some any each every all both either neither very just only also too ' +
  'please using use used via vs etc eg ie one whether provided certain particular specific';

// Every seed description starts "write a python program/function to …"; CoNaLa questions say
// "in python", "way", "best". Words like these make unrelated tasks look alike.
const SCAFFOLD_WORDS = 'python python3 python2 py program programme script code snippet write function method way best simple simply easy easiest given following want need trying try';

const STOP_WORDS: ReadonlySet<string> = new Set(`${FUNCTION_WORDS} ${SCAFFOLD_WORDS}`.split(' '));

const SYNONYMS: ReadonlyMap<string, string> = new Map(Object.entries({
  dictionary: 'dict', dictionaries: 'dict', dicts: 'dict',
  str: 'string', strs: 'string',
  integer: 'int', integers: 'int', ints: 'int',
  nums: 'number', num: 'number',
  delete: 'remove', deleting: 'remove', deleted: 'remove', erase: 'remove',
  calculate: 'compute', calculating: 'compute', calculation: 'compute', computing: 'compute', find: 'compute', finding: 'compute',
  display: 'print', show: 'print', output: 'print',
  arr: 'array', lst: 'list',
}));

const WORD = /[\p{L}\p{N}_]+/gu;
const BACKTICKED = /`[^`]*`/g;

/** The distinct content words of a description, in first-seen order. */
export function descriptionContentWords(description: string): string[] {
  return contentWordsOfNormalized(normalizeDescription(description));
}

/**
 * The same for a description already through `normalizeDescription`. Names in backticks are left
 * out: CoNaLa's rewritten intents add them ("… each tuple in a list `rows`") and they are as
 * renamable as the variables of the code.
 */
export function contentWordsOfNormalized(normalizedDescription: string): string[] {
  const seen = new Set<string>();
  for (const raw of normalizedDescription.replace(BACKTICKED, ' ').match(WORD) ?? []) {
    if ((raw.length < 2 && !/\d/.test(raw)) || STOP_WORDS.has(raw)) continue;
    seen.add(stem(SYNONYMS.get(raw) ?? raw));
  }
  return [...seen];
}

/** Plural, -ing, -ed and a final -e stripped, so sort/sorts/sorting/sorted and replace/replacing meet. */
export function stem(word: string): string {
  if (/\d/.test(word)) return word;
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  const suffix = /(?:ing|ed)$/.exec(w);
  if (suffix && w.length - suffix[0].length >= 4) {
    w = w.slice(0, -suffix[0].length);
    if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  }
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/**
 * Content words plus each two consecutive content words. The pairs make word order count: without
 * them "convert a list of tuples to a dict" and "convert a dict to a list of tuples" are one set,
 * and one word swapped in the middle ("sum of roots" / "type of roots") costs as much as one added.
 */
export function descriptionFeatures(words: readonly string[]): string[] {
  const features = [...words];
  for (let i = 1; i < words.length; i++) features.push(`${words[i - 1]} ${words[i]}`);
  return features;
}
