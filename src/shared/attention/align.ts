// Where each English token of the prompt sits in the text the user typed, so hovering a token can
// highlight the words and selecting words can select tokens. The tokenizer lower-cases and
// straightens quotes, so tokens are matched case-insensitively, in order, from a moving cursor.
import { tokenizeEnglish } from '../tokenizer/english-tokenizer';
import type { Slot } from '../codec/slots';

export interface CharRange {
  from: number;
  to: number;
}

const STRAIGHT: Record<string, string> = { '‘': "'", '’': "'", '“': '"', '”': '"' };
const fold = (s: string) => s.toLowerCase().replace(/[‘’“”]/g, (c) => STRAIGHT[c]);

/**
 * The prompt's tokens (as the source tokenizer makes them, or as given) with their character
 * ranges (null if not found). A slot token (var_0) is shown as the value it stands for, where it is.
 */
export function alignPrompt(prompt: string, given?: { tokens: readonly string[]; slots: readonly Slot[] }): { tokens: string[]; ranges: (CharRange | null)[] } {
  const text = prompt.normalize('NFC');
  const folded = fold(text);
  const tokens = given ? given.tokens.map((token) => given.slots.find((s) => s.name === token)?.value ?? token) : tokenizeEnglish(text);
  let cursor = 0;
  const ranges = tokens.map((token) => {
    const at = folded.indexOf(fold(token), cursor);
    if (at < 0) return null;
    cursor = at + token.length;
    return { from: at, to: at + token.length };
  });
  return { tokens, ranges };
}
