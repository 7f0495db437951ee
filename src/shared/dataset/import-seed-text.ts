// Importer for the seed text format (english_python_data.txt): a column-0 `#` line starts an example
// and is its description; code follows until the next example. The hard part is that programs also
// carry column-0 comments (`# initializing list`, `# printing result`); those are merged into the
// code they belong to, by the rule in `decide` below (words judged in seed-headers.ts).

import { ImportReportBuilder, splitLines, stripBom } from './import-report';
import { stripNumbering } from './normalize';
import type { ImportResult } from './pair';
import { classifyHeader, headerText, type HeaderKind } from './seed-headers';

export interface HeaderDecision {
  /** 1-based line of the header. */
  line: number;
  text: string;
  kind: HeaderKind;
  action: 'start' | 'merge' | 'join' | 'skip';
  why: string;
}

export interface SeedExample {
  /** 1-based line of the description. */
  line: number;
  description: string;
  code: string;
  /** Column-0 comment lines merged into this example's code. */
  mergedComments: number;
}

export interface SeedSegmentation {
  examples: SeedExample[];
  headers: HeaderDecision[];
  /** Non-blank lines before the first header, which belong to no example. */
  orphanLines: number[];
}

type LineKind = 'start' | 'empty' | 'whitespace' | 'code' | 'header';

interface OpenExample {
  line: number;
  kind: HeaderKind;
  description: string;
  lines: string[];
  hasCode: boolean;
  mergedComments: number;
  /** Nothing but the description (and lines joined to it) so far: a next line may still continue it. */
  descriptionOpen: boolean;
}

/** Cuts the text into examples and says, for every header line, what was decided and why. */
export function segmentSeedText(text: string): SeedSegmentation {
  const lines = splitLines(stripBom(text));
  const examples: SeedExample[] = [];
  const headers: HeaderDecision[] = [];
  const orphanLines: number[] = [];
  let current: OpenExample | undefined;
  let previous: LineKind = 'start';

  const close = () => {
    if (current) examples.push(finishExample(current));
  };

  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (!line.startsWith('#')) {
      if (current) {
        current.descriptionOpen = false;
        current.lines.push(line);
        if (line.trim() !== '') current.hasCode = true;
      } else if (line.trim() !== '') {
        orphanLines.push(lineNumber);
      }
      previous = line === '' ? 'empty' : line.trim() === '' ? 'whitespace' : 'code';
      return;
    }

    const words = headerText(line);
    const kind = classifyHeader(words);
    const [action, why] = decide(kind, words, current, previous);
    headers.push({ line: lineNumber, text: words, kind, action, why });
    if (action === 'skip') return; // markers are transparent: the line before them still counts as "previous"
    if (action === 'start') {
      close();
      current = { line: lineNumber, kind, description: stripNumbering(words, { bareNumbers: true }), lines: [], hasCode: false, mergedComments: 0, descriptionOpen: true };
    } else if (action === 'join' && current) {
      current.description = `${current.description} ${words}`;
    } else if (current) {
      current.descriptionOpen = false;
      current.lines.push(line);
      current.mergedComments++;
    }
    previous = 'header';
  });
  close();
  return { examples, headers, orphanLines };
}

/**
 * What a header line does, in this order:
 *   marker (`# 12`, `# In[7]:`)         → skipped, never an example
 *   commented-out code (`# x=1`)        → merged into the current example
 *   instruction (`write…`, numbered)    → starts an example, wherever it sits
 *   example so far has no code          → joined to the description when it finishes a wrapped
 *                                         sentence, otherwise merged (`# Input : …`, `# initializing list`)
 *   comment phrase (`# Driver code`)    → merged
 *   not after a truly empty line        → merged: right after code, or after a whitespace-only line,
 *                                         it sits inside a pasted program
 *   lower-case under an instruction     → merged (`#65 write…` … `# iterate through rows`)
 *   a shorter restatement of the task   → merged (GfG: `# Check if any String is empty in list`)
 *   otherwise                           → starts an example
 */
function decide(kind: HeaderKind, words: string, current: OpenExample | undefined, previous: LineKind): [HeaderDecision['action'], string] {
  if (kind === 'marker') return ['skip', 'no description (number, notebook cell, shebang or rule)'];
  if (!current) return ['start', 'first header'];
  if (kind === 'code') return ['merge', 'commented-out code'];
  if (kind === 'task') return ['start', 'reads as an instruction'];
  if (!current.hasCode) {
    if (current.descriptionOpen && continuesSentence(current.description, words, kind)) return ['join', 'finishes the sentence of the description above'];
    return ['merge', 'the example it follows has no code yet'];
  }
  if (kind === 'comment') return ['merge', 'a comment phrase used inside programs'];
  if (previous !== 'empty') {
    return ['merge', previous === 'whitespace' ? 'after a whitespace-only line inside a program' : 'directly after code'];
  }
  if (current.kind === 'task' && !/^[A-Z]/.test(words)) return ['merge', 'a lower-case note under an instruction'];
  if (restates(words, current.description)) return ['merge', 'restates the description of the example'];
  return ['start', 'after a blank line that ends finished code'];
}

/**
 * Plain lower-case prose under a long description that stops mid-sentence: the author wrapped one
 * sentence over two comment lines. A short description followed by lower-case words (`# define
 * three sets`) is a comment, not a wrap.
 */
function continuesSentence(description: string, words: string, kind: HeaderKind): boolean {
  return kind === 'plain' && description.length >= 60 && !/[.?!:;]\s*$/.test(description) && /^[a-z][A-Za-z0-9 ,.'"()\-]*$/.test(words);
}

const STOP_WORDS = new Set(['a', 'an', 'the', 'of', 'to', 'in', 'and', 'or', 'is', 'are', 'for', 'with', 'by', 'on', 'it', 'if', 'from', 'python', 'program', 'function', 'write']);

/**
 * The header says less than the description, in its words (GfG repeats the task as a shorter
 * comment). A header saying the same is a repeated example, not a comment.
 */
function restates(words: string, description: string): boolean {
  const contentWords = (text: string) => new Set(text.toLowerCase().match(/[a-z0-9]+/g)?.filter((w) => !STOP_WORDS.has(w)) ?? []);
  const header = contentWords(words);
  const known = contentWords(description);
  return header.size >= 2 && header.size < known.size && [...header].every((w) => known.has(w));
}

function finishExample(open: OpenExample): SeedExample {
  let start = 0;
  let end = open.lines.length;
  while (start < end && open.lines[start].trim() === '') start++;
  while (end > start && open.lines[end - 1].trim() === '') end--;
  return {
    line: open.line,
    description: open.description,
    code: open.lines.slice(start, end).join('\n'),
    mergedComments: open.mergedComments,
  };
}

/** Imports seed text. Examples without code are rejected with a warning; nothing throws. */
export function importSeedText(text: string, fileName: string): ImportResult {
  const report = new ImportReportBuilder(fileName, 'seed-text');
  const { examples, headers, orphanLines } = segmentSeedText(text);

  report.count('headerLines', headers.length);
  report.count('markers', headers.filter((h) => h.action === 'skip').length);
  report.count('mergedComments', headers.filter((h) => h.action === 'merge').length);
  report.count('commentedOutCode', headers.filter((h) => h.action === 'merge' && h.kind === 'code').length);
  report.count('joinedDescriptionLines', headers.filter((h) => h.action === 'join').length);
  report.count('emptyExamples', 0);
  if (orphanLines.length > 0) {
    report.count('linesBeforeFirstHeader', orphanLines.length);
    report.warn({ line: orphanLines[0] }, `${orphanLines.length} line(s) before the first '#' description belong to no example and were ignored`);
  }
  if (headers.length === 0 && text.trim() !== '') {
    report.warn({ line: 1 }, "no line starts with '#': this does not look like the seed text format");
  }

  for (const example of examples) {
    report.record();
    const codeLines = example.code.split('\n').filter((l) => l.trim() !== '');
    if (codeLines.length === 0) {
      report.count('emptyExamples');
      report.reject({ line: example.line }, `example "${shorten(example.description)}" has no code`, 'warning');
    } else if (codeLines.every((l) => l.trimStart().startsWith('#'))) {
      report.count('emptyExamples');
      report.reject({ line: example.line }, `example "${shorten(example.description)}" has only comments, no code`, 'warning');
    } else {
      report.accept(example.description, example.code, { line: example.line });
    }
  }
  return report.build();
}

function shorten(text: string, max = 60): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
