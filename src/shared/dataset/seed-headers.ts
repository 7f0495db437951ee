// What a column-0 `#` line in the seed text format is: a task description that starts an example,
// a comment inside the program before it, or a marker with no words (`# 12`, `# In[7]:`, a shebang).
// Only the text of the line is judged here; import-seed-text.ts adds where the line sits (after a
// blank line, after code, right after a header whose example has no code yet).

import { isBareNumber } from './normalize';

export type HeaderKind =
  /** No description at all: a bare number, a notebook cell marker, a shebang, a coding line, a rule. */
  | 'marker'
  /** Commented-out Python (`# x=1`, `#s=[]`, `# try:`): never a task. */
  | 'code'
  /** Reads like an instruction (`write a …`, `Python program to …`, numbered): starts an example wherever it sits. */
  | 'task'
  /** A phrase programs use as a comment (`# printing result`, `# Driver code`, `# initializing list`). */
  | 'comment'
  /** Anything else: a task only when it follows a blank line after finished code. */
  | 'plain';

const MARKER_PATTERNS: readonly RegExp[] = [
  /^$/,
  /^In\s*\[\s*\d*\s*\]\s*:?$/i, // Jupyter export cell marker
  /^!/, // shebang (#!/usr/bin/env python)
  /-\*-.*-\*-/, // emacs coding line
  /^(?:coding|encoding|vim?)\s*[:=]/i,
  /^[-=*_~+#.<>|\s]+$/, // rules like # ------
];

const CODE_PATTERNS: readonly RegExp[] = [
  /^[A-Za-z_][\w.]*(?:\[[^\]]*\])*\s*(?:[-+*/%&|^]|\/\/|\*\*)?=(?!=)\s*\S/, // assignment: x=1, a[0] += 2
  /^[A-Za-z_][\w.]*\(.*\)\s*[:;]?$/, // a bare call: get_word(data=…)
  /^(?:return|assert|raise|yield|del)\s.*[=<>()[\]+*%]/, // a statement with operators, not "return the largest item"
  /^(?:print|len|range|list|dict|set|str|int)\s*\(/,
  /^(?:try|except|else|finally)\b[^a-z]*:\s*$/i,
  /^(?:def|class|for|while|if|elif|with|lambda)\b[^.]*:\s*$/,
  /^(?:from\s+[\w.]+\s+)?import\s+[\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+)*\s*$/,
  /^\[.*\]$/, // a list or a comprehension
  /^\S+\s*(?:==|!=|>=|<=)\s*\S+$/,
];

/** Instructions: an imperative `write`, a named program/function, or explicit numbering before words. */
const TASK_PATTERNS: readonly RegExp[] = [
  /\b(?:write|wrtie|wirte|wrte|writ)\b/i,
  /\bpython\s*3?\s+(?:program|function|script|class|method|code\s+(?:to|that|for)\s+(?!demonstrate))/i,
  /^(?:please\s+)?(?:define|create|implement|develop|design|construct|build)\s+(?:a|an)\s+(?:python\s+)?(?:program|function|class|script|method|lambda|generator)\b/i,
];
const NUMBERED = /^[(\[]?[1-9]\d{0,3}[)\]]?(?:\s*[.):\]-]+\s*|\s+)[A-Za-z]/;

/**
 * Comment phrases that stand for a step of a program, not a task, even after a blank line.
 * Collected from the seed file's in-program comments (GeeksforGeeks-style `# initializing list` …
 * `# printing result`, `# Driver Code`, `# function call`, `# Output : …`).
 */
const COMMENT_PATTERNS: readonly RegExp[] = [
  /^(?:initiali[sz]|declar|defin(?:e|ing)\s+(?:the\s+)?(?:functions?|variables?|lists?|sets?|dict)|assign(?:ing)?\s)/i,
  /^print(?:ing)?\s+(?:the\s+|of\s+)?(?:final\s+|original\s+)?(?:results?|output|values?|answer|list|string|dictionary)\b/i,
  /^display(?:ing)?\s+(?:the\s+)?(?:results?|output|sorted)\b/i,
  /^(?:driver|main)\s*(?:code|program|function|method)?\b/i,
  /^(?:function|method)\s+call/i,
  /^call(?:ing)?\s+(?:the\s+)?(?:above\s+)?(?:function|method)/i,
  /^(?:test(?:ing)?|sample|expected)\s*(?:the\s+)?(?:code|function|cases?|input|output|data|run)?s?\s*[:.]?\s*$/i,
  /^(?:inputs?|outputs?|results?|note|example|e\.?g)\s*(?:[:=.-]|$)|^results?\s+(?:is|are|will)\b/i, // not "Input a number and …"
  /^(?:uncomment|python3?\s+(?:code|program)\s+to\s+demonstrate|importing|using\b|take\s+input|taking\s+input|get(?:ting)?\s+input|this\s+(?:function|method|will|is|code|program|line))/i,
  /,$|^(?:and|or|but|then|so)\b/i, // the first half of a sentence the program's next comment line finishes
  /^(?:team(?:\s+members)?|authors?|created\s+by|written\s+by|name|date|source|credits?)\s*:/i,
  /^(?:to\s+take\s+input|take\s+(?:the\s+)?input|read(?:ing)?\s+input|check(?:ing)?\s+(?:the\s+)?(?:condition|result))/i,
];

/** The header's words: `#` marks and surrounding spaces removed. */
export function headerText(line: string): string {
  return line.replace(/^#+/, '').trim();
}

/** Judges a header line on its words alone. */
export function classifyHeader(text: string): HeaderKind {
  if (isBareNumber(text) || MARKER_PATTERNS.some((p) => p.test(text))) return 'marker';
  if (CODE_PATTERNS.some((p) => p.test(text))) return 'code';
  if (NUMBERED.test(text) || TASK_PATTERNS.some((p) => p.test(text))) return 'task';
  if (COMMENT_PATTERNS.some((p) => p.test(text))) return 'comment';
  return 'plain';
}
