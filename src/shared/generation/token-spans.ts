// Where each generated token sits in the code shown to the user. The detokenizer spaces and
// indents tokens itself, so a token's span is found by detokenizing growing prefixes: token k
// covers the characters that appeared when it was added (structural tokens may cover only spaces).
// While streaming, TokenLayout keeps every prefix's code, so a new token costs one detokenization.
import { tokensToCode } from '../tokenizer/python-detokenize';
import { SPECIAL_TOKENS } from '../tokenizer/vocab';

export interface TokenSpan {
  index: number;
  from: number;
  to: number;
}

/** Token texts (as the target vocabulary spells them) → Python, specials left out as the codec does. */
export function codeFromTokens(tokens: readonly string[]): string {
  return tokensToCode(tokens.filter((t) => !SPECIAL_TOKENS.includes(t)));
}

/** Character span of every token in codeFromTokens(tokens); spans are ordered and never overlap. */
export function tokenSpans(tokens: readonly string[]): { code: string; spans: TokenSpan[] } {
  const layout = new TokenLayout();
  for (const token of tokens) layout.push(token);
  return layout.layout();
}

/** Tokens that only ever grow at the end (a stream), with the code of every prefix kept. */
export class TokenLayout {
  private readonly tokens: string[] = [];
  private readonly prefixCodes: string[] = [];

  push(token: string): void {
    this.tokens.push(token);
    this.prefixCodes.push(codeFromTokens(this.tokens));
  }

  get length(): number {
    return this.tokens.length;
  }

  layout(): { code: string; spans: TokenSpan[] } {
    const code = this.prefixCodes.at(-1) ?? '';
    const spans: TokenSpan[] = [];
    let end = 0;
    this.prefixCodes.forEach((prefixCode, index) => {
      const reached = commonPrefixLength(prefixCode, code);
      // Spaces and line ends around a token belong to the layout: the span covers its visible characters.
      let start = Math.min(end, code.length);
      while (start < reached && /\s/.test(code[start])) start++;
      let stop = Math.max(start, reached);
      while (stop > start && /\s/.test(code[stop - 1])) stop--;
      spans.push({ index, from: start, to: stop });
      end = Math.max(end, reached);
    });
    return { code, spans };
  }
}

function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * The part of a streamed program that later tokens cannot change: everything before the newest
 * token (the detokenizer closes an open string or bracket for display, and ends with a line break
 * of its own). Printing only this keeps a terminal's output a prefix of the final program.
 */
export function stableText(layout: { code: string; spans: readonly TokenSpan[] }): string {
  const last = layout.spans.at(-1);
  if (!last) return '';
  return layout.code.slice(0, Math.min(last.from, layout.code.trimEnd().length));
}
