// One Python source file → pretraining windows of code tokens, read the way training pairs are:
// comments and docstrings removed (the cleaning pipeline removes them from pairs too), then the
// CPython-exact tokenizer with the run's options (splitStrings), then cut at logical lines.
// A file that does not tokenize gives a reason instead, for the caller to count.
import { removeCommentsAndDocstrings } from '../tokenizer/python-source';
import { codeToTokens, type CodeToTokensOptions } from '../tokenizer/python-sequence';
import { cutWindows } from './code-windows';

export interface SourceWindowsOptions extends CodeToTokensOptions {
  /** Tokens per window, BOS and EOS not included (the model's maxTargetLength − 1). */
  maxTokens: number;
}

export type SourceWindows =
  | { ok: true; windows: string[][]; tokens: number; droppedLines: number }
  | { ok: false; reason: string };

export function sourceWindows(source: string, options: SourceWindowsOptions): SourceWindows {
  const cleaned = removeCommentsAndDocstrings(source); // never throws: on an error the source comes back as it was
  let tokens: string[];
  try {
    tokens = codeToTokens(cleaned.code, { splitStrings: options.splitStrings });
  } catch (error) {
    return { ok: false, reason: `does not tokenize: ${(error as Error).message}` };
  }
  const { windows, droppedLines } = cutWindows(tokens, options.maxTokens);
  return { ok: true, windows, tokens: tokens.length, droppedLines };
}
