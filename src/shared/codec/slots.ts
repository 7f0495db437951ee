// Slot placeholders (as in tranX's CoNaLa canonicalisation, done on tokens): every value a
// description quotes (`x`, 'age', `Task.objects`, '%Y-%m-%d', `[1, 2]`) becomes a slot token
// (var_0, str_0, …) in the description, and the same value becomes that token in the code's token
// sequence — as a name or expression outside strings, as (part of) a string's body inside one.
// The model learns the placeholder form; after decoding, each slot token is given its value back.
// Quoted numbers are left alone (the vocabulary has them); a value quoted twice is one slot;
// values keep their case. Code tokens are those of `splitStrings` (one token per string character),
// so a value can stand for part of a string ('hello' in 'hello{0}').
import { codeToTokensTolerant, isStructuralToken, parseStringOpenToken, splitString, STR_END_TOKEN } from '../tokenizer/python-sequence';
import { tokenizeEnglish } from '../tokenizer/english-tokenizer';
import { tokensToCode } from '../tokenizer/python-detokenize';

export interface Slot {
  /** The token that stands for the value: var_0, str_1, … */
  name: string;
  /** The quoted text, exactly as written. */
  value: string;
}

export const MAX_SLOTS = 10;
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NAME_PATH_RE = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u;
const SLOT_TOKEN_RE = /^(?:var|str)_\d+$/;
/** Shorter values replace only whole string bodies: "a" must not take every a in every string. */
const MIN_PART_OF_STRING = 3;

export function isSlotToken(token: string): boolean {
  return SLOT_TOKEN_RE.test(token);
}

/** The description's tokens with quoted values as slot tokens, and the slots in order of appearance. */
export function slotDescription(description: string): { tokens: string[]; slots: Slot[] } {
  const slots: Slot[] = [];
  let vars = 0;
  let strs = 0;
  const tokens = tokenizeEnglish(description, (content, quote) => {
    const trimmed = content.trim();
    if (NUMBER_RE.test(trimmed)) return undefined;
    // Spaces count in a string (split on ', '); around a name they are a typo.
    const value = NAME_PATH_RE.test(trimmed) ? trimmed : content;
    let slot = slots.find((s) => s.value === value);
    if (!slot) {
      if (slots.length >= MAX_SLOTS) return undefined;
      // CoNaLa quotes variables in backticks and strings in quote marks (tranX's rule).
      slot = { name: quote === '`' && NAME_PATH_RE.test(value) ? `var_${vars++}` : `str_${strs++}`, value };
      slots.push(slot);
    }
    return [slot.name];
  });
  return { tokens, slots };
}

/** How one value is written in code tokens: outside strings (when it is code) and inside a string body. */
interface SlotForms {
  name: string;
  code: string[] | null;
  body: string[];
}

function formsOf(slot: Slot): SlotForms {
  const { tokens, errors } = codeToTokensTolerant(slot.value, { splitStrings: true });
  const code = tokens.filter((t) => !isStructuralToken(t));
  // A lone operator ('+', ',') is far more often text than the code meant.
  const usable = errors.length === 0 && code.length > 0 && (code.length > 1 || /^[\p{L}\p{N}_]/u.test(code[0]));
  return { name: slot.name, code: usable ? code : null, body: stringBody(slot.value) };
}

/** A string's body tokens for `text` (one token per character, escapes kept whole). */
function stringBody(text: string): string[] {
  return splitString(`'${text}'`).slice(1, -1);
}

/**
 * Code tokens with each slot's value replaced by its token: a match of the value's tokens outside
 * strings, a whole string body equal to the value, or (values of 3+ characters) a run of a body.
 * Longer values first, so `Task.objects` is taken before `Task`.
 */
export function slotCode(tokens: readonly string[], slots: readonly Slot[]): string[] {
  if (!slots.length) return [...tokens];
  const forms = slots.map(formsOf).sort((a, b) => b.body.length - a.body.length);
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const open = parseStringOpenToken(tokens[i]);
    if (open) {
      const end = tokens.indexOf(STR_END_TOKEN, i + 1);
      if (end < 0) {
        out.push(...tokens.slice(i));
        break;
      }
      out.push(tokens[i], ...slotBody(tokens.slice(i + 1, end), forms), STR_END_TOKEN);
      i = end + 1;
      continue;
    }
    const form = forms.find((f) => f.code && startsWith(tokens, i, f.code));
    if (form) {
      out.push(form.name);
      i += form.code!.length;
    } else out.push(tokens[i++]);
  }
  return out;
}

function slotBody(body: string[], forms: SlotForms[]): string[] {
  const whole = forms.find((f) => f.body.length === body.length && startsWith(body, 0, f.body));
  if (whole) return [whole.name];
  const out: string[] = [];
  let i = 0;
  while (i < body.length) {
    const form = forms.find((f) => f.body.length >= MIN_PART_OF_STRING && startsWith(body, i, f.body));
    if (form) {
      out.push(form.name);
      i += form.body.length;
    } else out.push(body[i++]);
  }
  return out;
}

function startsWith(tokens: readonly string[], at: number, part: readonly string[]): boolean {
  if (at + part.length > tokens.length) return false;
  for (let j = 0; j < part.length; j++) if (tokens[at + j] !== part[j]) return false;
  return true;
}

/**
 * Generated code tokens with every slot token given its value back: inside a string as the
 * value's characters, elsewhere as its code tokens (or, for a value that is not code, as a
 * string). Slot tokens the description has no slot for are left as they are (they read as names).
 */
export function fillSlots(tokens: readonly string[], slots: readonly Slot[]): string[] {
  if (!slots.length) return [...tokens];
  const forms = new Map(slots.map((s) => [s.name, formsOf(s)]));
  const out: string[] = [];
  let inString = false;
  for (const token of tokens) {
    const form = isSlotToken(token) ? forms.get(token) : undefined;
    if (!form) {
      out.push(token);
      inString = insideStringAfter(inString, token);
    } else if (inString) out.push(...form.body);
    else if (form.code) out.push(...form.code);
    else out.push("<STR '>", ...form.body, STR_END_TOKEN);
  }
  return out;
}

/**
 * What a slot token reads as where the model wrote it, as one piece of text (the playground shows
 * it as one token): the value inside a string, its code elsewhere, or a string of it when the
 * value is not code. Undefined for a token that is no slot of this description.
 */
export function slotText(token: string, slots: readonly Slot[], inString: boolean): string | undefined {
  const slot = isSlotToken(token) ? slots.find((s) => s.name === token) : undefined;
  if (!slot) return undefined;
  if (inString) return slot.value;
  return tokensToCode(fillSlots([slot.name], [slot])).trim();
}

/** Whether the next token is inside a string, after `token` (read where `inString` held). */
export function insideStringAfter(inString: boolean, token: string): boolean {
  if (parseStringOpenToken(token)) return true;
  return token === STR_END_TOKEN ? false : inString;
}
