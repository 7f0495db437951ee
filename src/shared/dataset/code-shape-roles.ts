// Which names of a snippet a code shape keeps as written and which it may rename (code-shape.ts).
// Token-level rules, not scope analysis: good enough for one-liners and short programs, and never
// throws on broken code.

import { PYTHON_KEYWORDS, type PyToken } from '../tokenizer/python-tokenizer';
import { KEPT_NAMES } from './code-shape-names';

export type NameRole = 'kept' | 'renamable';

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
const ASSIGNMENTS = new Set(['=', '+=', '-=', '*=', '/=', '//=', '%=', '**=', '&=', '|=', '^=', '>>=', '<<=', '@=']);

/**
 * The role of every NAME token (undefined for other tokens). Attributes (`.append`), keyword
 * arguments (`key=`), imported names, builtins and well-known modules are what the code *does*;
 * renaming them changes the program, so `a.append(b)` and `a.remove(b)` must not share a shape. A
 * name that is only ever called (`urlencode(params)`) is an outside function for the same reason.
 * A builtin the snippet binds itself (`list = …`, `for string in …`) is a variable like any other.
 */
export function nameRoles(tokens: readonly PyToken[]): (NameRole | undefined)[] {
  const roles: (NameRole | undefined)[] = new Array(tokens.length);
  const bound = boundNames(tokens);
  const usedOtherThanCalled = new Set<string>();
  const callParens: boolean[] = [];
  let defHeaderDepth = -1;
  let inImport = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const previous = tokens[i - 1];
    const next = tokens[i + 1];
    if (t.type === 'NEWLINE') inImport = false;
    if (t.type === 'OP' && OPENERS.has(t.text)) {
      callParens.push(t.text === '(' && previous !== undefined && isCallee(previous));
      if (isDefHeaderParen(tokens, i) && defHeaderDepth < 0) defHeaderDepth = callParens.length;
    } else if (t.type === 'OP' && CLOSERS.has(t.text)) {
      if (defHeaderDepth === callParens.length) defHeaderDepth = -1;
      callParens.pop();
    }
    if (t.type !== 'NAME') continue;
    if (PYTHON_KEYWORDS.has(t.text)) {
      if ((t.text === 'import' || t.text === 'from') && startsStatement(previous)) inImport = true;
      roles[i] = 'kept';
      continue;
    }
    const isAttribute = previous?.type === 'OP' && previous.text === '.';
    const isKeywordArgument = next?.type === 'OP' && next.text === '=' && callParens[callParens.length - 1] === true && defHeaderDepth !== callParens.length;
    if (isAttribute || isKeywordArgument || inImport || (KEPT_NAMES.has(t.text) && !bound.has(t.text))) {
      roles[i] = 'kept';
      continue;
    }
    roles[i] = 'renamable';
    const called = next?.type === 'OP' && next.text === '(' && previous?.text !== 'def' && previous?.text !== 'class';
    if (!called) usedOtherThanCalled.add(t.text);
  }
  for (let i = 0; i < tokens.length; i++) {
    if (roles[i] === 'renamable' && !usedOtherThanCalled.has(tokens[i].text)) roles[i] = 'kept';
  }
  return roles;
}

/** A `(` after a name, a call's `)` or a subscript's `]` is a call; after anything else it groups or makes a tuple. */
export function isCallee(token: PyToken): boolean {
  if (token.type === 'NAME') return !PYTHON_KEYWORDS.has(token.text);
  return token.type === 'OP' && (token.text === ')' || token.text === ']');
}

/** Names the snippet binds: assignment targets, loop and comprehension variables, parameters, `as` names, defined functions and classes. */
function boundNames(tokens: readonly PyToken[]): Set<string> {
  const bound = new Set<string>();
  let depth = 0;
  let defParamsDepth = -1;
  let inForTargets = false;
  let inLambdaParams = false;
  let inImport = false;
  let targets: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const previous = tokens[i - 1];
    if (t.type === 'NEWLINE' || (t.type === 'OP' && t.text === ';')) {
      targets = [];
      inImport = false;
    }
    if ((t.text === 'import' || t.text === 'from') && t.type === 'NAME' && startsStatement(previous)) inImport = true;
    // `import numpy as np` binds np, but to the module everyone calls np: it stays kept.
    if (inImport) continue;
    if (t.type === 'OP') {
      if (OPENERS.has(t.text)) {
        depth++;
        if (isDefHeaderParen(tokens, i) && defParamsDepth < 0) defParamsDepth = depth;
      } else if (CLOSERS.has(t.text)) {
        if (depth === defParamsDepth) defParamsDepth = -1;
        depth = Math.max(0, depth - 1);
      } else if (t.text === ':' && inLambdaParams) inLambdaParams = false;
      else if (ASSIGNMENTS.has(t.text) && depth === 0) {
        for (const name of targets) bound.add(name);
        targets = [];
      }
      continue;
    }
    if (t.type !== 'NAME') continue;
    if (t.text === 'for') inForTargets = true;
    else if (t.text === 'in') inForTargets = false;
    else if (t.text === 'lambda') inLambdaParams = true;
    if (PYTHON_KEYWORDS.has(t.text) || (previous?.type === 'OP' && previous.text === '.')) continue;
    const isParameter = depth === defParamsDepth && previous?.type === 'OP' && ['(', ',', '*', '**'].includes(previous.text);
    const afterBindingKeyword = previous !== undefined && ['as', 'def', 'class', 'global', 'nonlocal'].includes(previous.text);
    if (inForTargets || inLambdaParams || isParameter || afterBindingKeyword) bound.add(t.text);
    else if (depth === 0) targets.push(t.text);
  }
  return bound;
}

function isDefHeaderParen(tokens: readonly PyToken[], i: number): boolean {
  return tokens[i].text === '(' && tokens[i - 1]?.type === 'NAME' && tokens[i - 2]?.text === 'def';
}

function startsStatement(previous: PyToken | undefined): boolean {
  return previous === undefined || previous.type === 'NEWLINE' || previous.type === 'INDENT' || previous.type === 'DEDENT';
}
