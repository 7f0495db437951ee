// Decides the nesting level of every logical line from its leading whitespace, trying several tab
// widths (4, 8, 2, the smallest space indent, 1) and keeping the first one whose block structure is
// consistent: a deeper line exactly after each line ending in `:`, every dedent back to a known level.
// With `repair`, an inconsistent structure is resolved by simple rules instead of being rejected;
// `guessBlockBodies` adds the riskiest rule (a header with no deeper line gets the next line as body).
// Used by reindent() in python-source.ts; knows nothing about the text beyond the indentation.

import { indentWidth, type LineInfo } from './python-lines';

export interface IndentChoice {
  tabSize: number;
  /** Nesting level of each logical line, in order. */
  levels: number[];
  /** How many lines broke the block structure under this tab width. */
  violations: number;
  /** The first of them, described with its 1-based line number. */
  violation?: string;
}

export interface IndentRules {
  /** Resolve an inconsistent structure instead of only counting it (see python-source.ts). */
  repair: boolean;
  /** When a line ending in `:` is not followed by a deeper line, indent that next line into the block. */
  guessBlockBodies: boolean;
}

export function chooseIndentLevels(logical: LineInfo[], rules: IndentRules): IndentChoice {
  const sizes = candidateTabSizes(logical);
  let best: IndentChoice | undefined;
  for (const tabSize of sizes) {
    const choice = levelsFor(logical, tabSize, rules);
    if (!best || choice.violations < best.violations) best = choice;
    if (choice.violations === 0) break;
  }
  return best ?? { tabSize: 8, levels: [], violations: 0 };
}

function candidateTabSizes(logical: LineInfo[]): number[] {
  if (!logical.some((l) => l.indent.includes('\t'))) return [8];
  const spaceWidths = logical
    .filter((l) => l.indent.length > 0 && /^ +$/.test(l.indent))
    .map((l) => l.indent.length);
  const smallest = spaceWidths.length > 0 ? Math.min(...spaceWidths) : 4;
  return [...new Set([4, 8, 2, smallest, 1])];
}


function levelsFor(logical: LineInfo[], tabSize: number, rules: IndentRules): IndentChoice {
  const levels: number[] = [];
  const stack: number[] = [];
  let violations = 0;
  let violation: string | undefined;
  const flag = (l: LineInfo, what: string): void => {
    violations++;
    violation ??= `line ${l.index + 1}: ${what} (tab width ${tabSize})`;
  };
  logical.forEach((l, i) => {
    const w = indentWidth(l.indent, tabSize);
    if (i === 0) {
      if (w > 0) flag(l, 'unexpected indent');
      stack.push(rules.repair ? w : 0);
      levels.push(0);
      return;
    }
    const top = stack[stack.length - 1];
    if (logical[i - 1].opensBlock) {
      if (w > top) stack.push(w);
      else {
        flag(l, `expected an indented block after line ${logical[i - 1].index + 1}`);
        // Half a column deeper: the next line at the old width closes this guessed block again.
        if (rules.guessBlockBodies) stack.push(top + 0.5);
      }
    } else if (w > top) {
      flag(l, 'unexpected indent');
    } else if (w < top) {
      while (stack.length > 1 && w < stack[stack.length - 1]) stack.pop();
      if (w !== stack[stack.length - 1]) flag(l, 'unindent does not match any outer indentation level');
    }
    levels.push(stack.length - 1);
  });
  return { tabSize, levels, violations, violation };
}
