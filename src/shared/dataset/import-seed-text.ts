// Importer for the seed text format (english_python_data.txt): a column-0 `#` line starts an example
// and is its description; code follows until the next example. The hard part is that programs also
// carry column-0 comments (`# initializing list`, `# printing result`); those are merged into the
// code they belong to, by the rule in `decide` below (words judged in seed-headers.ts).
//
// The rule looks only backwards: what a line does depends on the line itself, the example still open
// (its description, kind, whether it has code yet) and the kind of the line before. So the text is
// read line by line (SeedTextSegmenter) carrying just that, and the same reader serves a text in
// memory and a file streamed in blocks of whole lines (SeedTextImporter; src/services/datasets/
// stream-dataset-file.ts): wherever the blocks are cut, the pairs and the report are the same.

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
  /** Over the reader's size limit: its text was not kept (`code` is empty) and it is rejected. */
  tooLong?: { chars: number; lastLine: number };
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
  /** Characters of its lines so far, and the last line that belongs to it. */
  chars: number;
  lastLine: number;
  /** Over the size limit: its lines are no longer kept. */
  tooLong: boolean;
}

/** Cuts the text into examples and says, for every header line, what was decided and why. */
export function segmentSeedText(text: string): SeedSegmentation {
  const examples: SeedExample[] = [];
  const headers: HeaderDecision[] = [];
  const orphanLines: number[] = [];
  const segmenter = new SeedTextSegmenter({ example: (e) => examples.push(e), header: (h) => headers.push(h), orphan: (line) => orphanLines.push(line) });
  splitLines(stripBom(text)).forEach((line, index) => segmenter.line(line, index + 1));
  segmenter.finish();
  return { examples, headers, orphanLines };
}

export interface SeedSegmentListener {
  /** An example is complete (the next one started, or the text ended). */
  example(example: SeedExample): void;
  /** A header line was judged. */
  header(decision: HeaderDecision): void;
  /** A non-blank line before the first header. */
  orphan(line: number): void;
}

/**
 * segmentSeedText one line at a time: all it keeps between lines is the example still open and the
 * kind of the line before. An example longer than `maxExampleChars` stops being kept (its lines are
 * still judged) and comes out with `tooLong`.
 */
export class SeedTextSegmenter {
  #current: OpenExample | undefined;
  #previous: LineKind = 'start';

  constructor(
    private readonly on: SeedSegmentListener,
    private readonly maxExampleChars = Infinity,
  ) {}

  /** The next line, without its line break; `lineNumber` is its 1-based line in the file. */
  line(line: string, lineNumber: number): void {
    const current = this.#current;
    if (!line.startsWith('#')) {
      if (current) {
        current.descriptionOpen = false;
        this.#add(current, line, lineNumber);
        if (line.trim() !== '') current.hasCode = true;
      } else if (line.trim() !== '') {
        this.on.orphan(lineNumber);
      }
      this.#previous = line === '' ? 'empty' : line.trim() === '' ? 'whitespace' : 'code';
      return;
    }

    const words = headerText(line);
    const kind = classifyHeader(words);
    const [action, why] = decide(kind, words, current, this.#previous);
    this.on.header({ line: lineNumber, text: words, kind, action, why });
    if (action === 'skip') return; // markers are transparent: the line before them still counts as "previous"
    if (action === 'start') {
      this.#close();
      this.#current = {
        line: lineNumber, kind, description: stripNumbering(words, { bareNumbers: true }), lines: [], hasCode: false, mergedComments: 0, descriptionOpen: true,
        chars: line.length, lastLine: lineNumber, tooLong: line.length > this.maxExampleChars,
      };
    } else if (action === 'join' && current) {
      current.description = `${current.description} ${words}`;
      current.chars += line.length + 1;
      current.lastLine = lineNumber;
    } else if (current) {
      current.descriptionOpen = false;
      this.#add(current, line, lineNumber);
      current.mergedComments++;
    }
    this.#previous = 'header';
  }

  /**
   * A line too long to be held (a streamed file skips it): read as a line of code, and the example
   * it belongs to is too long. Before the first header it is an orphan line.
   */
  skippedLine(lineNumber: number, chars: number): void {
    const current = this.#current;
    if (current) {
      current.descriptionOpen = false;
      current.hasCode = true;
      current.chars += chars + 1;
      current.lastLine = lineNumber;
      current.tooLong = true;
      current.lines = [];
    } else {
      this.on.orphan(lineNumber);
    }
    this.#previous = 'code';
  }

  /** The end of the text. */
  finish(): void {
    this.#close();
    this.#current = undefined;
  }

  #add(current: OpenExample, line: string, lineNumber: number): void {
    current.chars += line.length + 1;
    current.lastLine = lineNumber;
    if (current.tooLong) return;
    if (current.chars > this.maxExampleChars) {
      current.tooLong = true;
      current.lines = [];
      return;
    }
    current.lines.push(line);
  }

  #close(): void {
    if (this.#current) this.on.example(finishExample(this.#current));
  }
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
  if (open.tooLong) {
    return { line: open.line, description: open.description, code: '', mergedComments: open.mergedComments, tooLong: { chars: open.chars, lastLine: open.lastLine } };
  }
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
  return new SeedTextImporter(fileName).read(text, 1, true);
}

/**
 * importSeedText over a text handed in blocks of whole lines, in order. Each call returns the pairs
 * of the examples its lines completed and a report of what they added (records, counts, issues,
 * numbered as in the whole file); the reports of all calls add up to importSeedText's on the whole
 * text. `maxExampleChars` bounds what one open example may hold (a longer one is rejected, located).
 */
export class SeedTextImporter {
  readonly #segmenter: SeedTextSegmenter;
  #report: ImportReportBuilder | undefined;
  #started = false;
  #headers = 0;
  #orphans = 0;
  #firstOrphan = 0;

  constructor(
    readonly fileName: string,
    private readonly options: { maxExampleChars?: number } = {},
  ) {
    this.#segmenter = new SeedTextSegmenter(
      {
        example: (example) => this.#example(example),
        header: (decision) => this.#header(decision),
        orphan: (line) => {
          if (this.#orphans++ === 0) this.#firstOrphan = line;
        },
      },
      options.maxExampleChars,
    );
  }

  /** Whole lines joined by their line breaks, the first being line `firstLine` of the file; `last` ends the text. */
  read(text: string, firstLine: number, last = false): ImportResult {
    return this.#step((report) => {
      const lines = splitLines(firstLine === 1 ? stripBom(text) : text);
      for (let i = 0; i < lines.length; i++) this.#segmenter.line(lines[i], firstLine + i);
      if (last) this.#end(report);
    });
  }

  /** A line the reader could not hold (longer than a record may be): see SeedTextSegmenter.skippedLine. */
  skippedLine(line: number, chars: number): ImportResult {
    return this.#step(() => this.#segmenter.skippedLine(line, chars));
  }

  /** The end of the text, when the last read did not say so. */
  finish(): ImportResult {
    return this.#step((report) => this.#end(report));
  }

  #step(work: (report: ImportReportBuilder) => void): ImportResult {
    const report = (this.#report = new ImportReportBuilder(this.fileName, 'seed-text'));
    if (!this.#started) {
      this.#started = true;
      for (const key of ['headerLines', 'markers', 'mergedComments', 'commentedOutCode', 'joinedDescriptionLines', 'emptyExamples']) report.count(key, 0);
    }
    work(report);
    this.#report = undefined;
    return report.build();
  }

  #end(report: ImportReportBuilder): void {
    this.#segmenter.finish();
    this.#reportOrphans(report);
    if (this.#headers === 0 && this.#orphans > 0) {
      report.warn({ line: 1 }, "no line starts with '#': this does not look like the seed text format");
    }
  }

  /** Lines before the first example are all known once it starts (or the text ends): one warning for them all. */
  #reportOrphans(report: ImportReportBuilder): void {
    if (this.#orphans === 0 || this.#firstOrphan === 0) return;
    report.count('linesBeforeFirstHeader', this.#orphans);
    report.warn({ line: this.#firstOrphan }, `${this.#orphans} line(s) before the first '#' description belong to no example and were ignored`);
    this.#firstOrphan = 0;
  }

  #header(decision: HeaderDecision): void {
    const report = this.#report!;
    this.#headers++;
    // After the first example starts there are no more orphan lines (markers before it let some through).
    if (decision.action === 'start') this.#reportOrphans(report);
    report.count('headerLines');
    if (decision.action === 'skip') report.count('markers');
    if (decision.action === 'merge') {
      report.count('mergedComments');
      if (decision.kind === 'code') report.count('commentedOutCode');
    }
    if (decision.action === 'join') report.count('joinedDescriptionLines');
  }

  #example(example: SeedExample): void {
    const report = this.#report!;
    report.record();
    if (example.tooLong) {
      const limit = this.options.maxExampleChars ?? Infinity;
      report.reject(
        { line: example.line },
        `example "${shorten(example.description)}" (lines ${example.line}–${example.tooLong.lastLine}) is ${characters(example.tooLong.chars)} characters long, ` +
          `over the limit of ${characters(limit)} for one record; skipped`,
      );
      return;
    }
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
}

function characters(count: number): string {
  return count >= 1e6 ? `${(count / 1e6).toFixed(1).replace(/\.0$/, '')} million` : count.toLocaleString('en');
}

function shorten(text: string, max = 60): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
