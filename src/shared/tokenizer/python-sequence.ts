// Python code ↔ the token sequence a model reads and writes. COMMENT and NL are dropped; logical
// line ends and block structure become the special tokens NEWLINE / INDENT / DEDENT (DEDENTs at the
// very end are dropped: they carry nothing). With `splitStrings`, a string literal becomes an
// opening token carrying prefix and quote (`<STR f'>`), one token per body character (an escape
// such as `\n` stays one token) and `<STR_END>`, so string contents do not blow up the vocabulary.
// The way back (detokenizer) is python-detokenize.ts.

import { tokenizePython, tokenizePythonTolerant, type PyToken, type PythonTokenizeError } from './python-tokenizer';

export const NEWLINE_TOKEN = '<NEWLINE>';
export const INDENT_TOKEN = '<INDENT>';
export const DEDENT_TOKEN = '<DEDENT>';
export const STR_END_TOKEN = '<STR_END>';
/** An opening string token is `<STR ` + prefix + quote + `>`, e.g. `<STR rb">` or `<STR '''>`. */
export const STR_OPEN_PREFIX = '<STR ';

export interface CodeToTokensOptions {
  /** Split string literals into opening token, one token per body character, `<STR_END>`. */
  splitStrings: boolean;
}

const STR_OPEN_RE = /^<STR ([A-Za-z]{0,2})('''|"""|'|")>$/;

/** Parses an opening string token into its prefix and quote, or returns undefined. */
export function parseStringOpenToken(token: string): { prefix: string; quote: string } | undefined {
  const m = STR_OPEN_RE.exec(token);
  return m ? { prefix: m[1], quote: m[2] } : undefined;
}

export function isStructuralToken(token: string): boolean {
  return token === NEWLINE_TOKEN || token === INDENT_TOKEN || token === DEDENT_TOKEN;
}

/** Tokens of `code`; throws PythonTokenizeError (with line and column) when it cannot be tokenized. */
export function codeToTokens(code: string, options: CodeToTokensOptions): string[] {
  return sequenceOf(tokenizePython(code), options);
}

/**
 * Tokens of any text, even code that does not tokenize (a half-trained model's output with an
 * unclosed bracket): the scanner recovers and the errors are returned beside the tokens.
 */
export function codeToTokensTolerant(code: string, options: CodeToTokensOptions): { tokens: string[]; errors: PythonTokenizeError[] } {
  const { tokens, errors } = tokenizePythonTolerant(code);
  return { tokens: sequenceOf(tokens, options), errors };
}

function sequenceOf(pyTokens: readonly PyToken[], options: CodeToTokensOptions): string[] {
  const out: string[] = [];
  for (const t of pyTokens) {
    switch (t.type) {
      case 'COMMENT':
      case 'NL':
      case 'ENDMARKER':
        break;
      case 'NEWLINE':
        out.push(NEWLINE_TOKEN);
        break;
      case 'INDENT':
        out.push(INDENT_TOKEN);
        break;
      case 'DEDENT':
        out.push(DEDENT_TOKEN);
        break;
      case 'STRING':
        if (options.splitStrings) splitString(t.text, out);
        else out.push(t.text);
        break;
      default:
        out.push(t.text);
    }
  }
  while (out[out.length - 1] === DEDENT_TOKEN) out.pop();
  return out;
}

/** Splits one string literal (prefix, quotes, body) into sequence tokens. */
export function splitString(literal: string, out: string[] = []): string[] {
  const q0 = literal.search(/['"]/);
  const prefix = literal.slice(0, q0);
  const q = literal[q0];
  const quote = literal.startsWith(q.repeat(3), q0) && literal.length >= q0 + 6 ? q.repeat(3) : q;
  out.push(`${STR_OPEN_PREFIX}${prefix}${quote}>`);
  const body = literal.slice(q0 + quote.length, literal.length - quote.length);
  const chars = Array.from(body);
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === '\\' && i + 1 < chars.length) {
      // `\` + CR LF is one line continuation inside the string: keep all three together.
      const take = chars[i + 1] === '\r' && chars[i + 2] === '\n' ? 3 : 2;
      out.push(chars.slice(i, i + take).join(''));
      i += take - 1;
    } else out.push(chars[i]);
  }
  out.push(STR_END_TOKEN);
  return out;
}
