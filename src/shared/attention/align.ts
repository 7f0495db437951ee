// Where each English token of the prompt sits in the text the user typed, so hovering a token can
// highlight the words and selecting words can select tokens. The tokenizer lower-cases and
// straightens quotes, so tokens are matched case-insensitively, in order, from a moving cursor.
import { tokenizeEnglish } from '../tokenizer/english-tokenizer';

export interface CharRange {
  from: number;
  to: number;
}

const STRAIGHT: Record<string, string> = { '‘': "'", '’': "'", '“': '"', '”': '"' };
const fold = (s: string) => s.toLowerCase().replace(/[‘’“”]/g, (c) => STRAIGHT[c]);

/** The prompt's tokens (as the source tokenizer makes them) with their character ranges (null if not found). */
export function alignPrompt(prompt: string): { tokens: string[]; ranges: (CharRange | null)[] } {
  const text = prompt.normalize('NFC');
  const folded = fold(text);
  const tokens = tokenizeEnglish(text);
  let cursor = 0;
  const ranges = tokens.map((token) => {
    const at = folded.indexOf(fold(token), cursor);
    if (at < 0) return null;
    cursor = at + token.length;
    return { from: at, to: at + token.length };
  });
  return { tokens, ranges };
}
