// Finds where records end in text that arrives piece by piece, without parsing the records: in
// JSON lines every line break ends one; in CSV a line break ends one unless it sits inside a quoted
// field. The CSV rules follow papaparse's (the parser import-csv.ts uses), so a block cut here is
// cut where papaparse would end a row too: a quote opens a field only at the field's start, `""`
// inside a quoted field is a quote, and a quote closes the field only when a delimiter or a line
// break follows (spaces allowed between); any other quote is kept as text and the field goes on.

export type RecordSyntax = { kind: 'lines' } | { kind: 'csv'; delimiter: string };

const LF = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;

// CSV scanner states (plain numbers: the loop runs once per character of the file).
const Csv = {
  FieldStart: 0,
  Unquoted: 1,
  Quoted: 2,
  /** A quote inside a quoted field: an escaped quote, the closing quote, or text. */
  QuoteInQuoted: 3,
  /** A closing quote followed by spaces: it closes only if a delimiter or line break comes next. */
  SpacesAfterQuote: 4,
} as const;
type CsvState = (typeof Csv)[keyof typeof Csv];

export class RecordBoundaryScanner {
  /** 1-based line of the next character to scan. Every \n, \r\n and lone \r counts. */
  line = 1;
  #state: CsvState = Csv.FieldStart;
  #quoteLine = 0;
  readonly #delimiter: number;

  constructor(readonly syntax: RecordSyntax) {
    if (syntax.kind === 'csv' && syntax.delimiter.length !== 1) {
      throw new Error(`streamed CSV needs a one-character delimiter, got ${JSON.stringify(syntax.delimiter)}`);
    }
    this.#delimiter = syntax.kind === 'csv' ? syntax.delimiter.charCodeAt(0) : -1;
  }

  /** Inside a quoted CSV field that the end of the input leaves open: the line where it opened. */
  get openQuoteLine(): number | undefined {
    // A quote right before the end closes its field (papaparse too); one followed by spaces does not.
    return this.#state === Csv.Quoted || this.#state === Csv.SpacesAfterQuote ? this.#quoteLine : undefined;
  }

  /**
   * Scans `text` (which must not end with a lone \r unless the input ends there: a \n may follow),
   * calling `onBoundary` with the offsets (plus `base`) where each record-ending line break starts
   * and ends. `line` is already the next record's line when it is called.
   */
  scan(text: string, base: number, onBoundary: (breakStart: number, breakEnd: number) => void): void {
    if (this.syntax.kind === 'lines') this.#scanLines(text, base, onBoundary);
    else this.#scanCsv(text, base, onBoundary);
  }

  #scanLines(text: string, base: number, onBoundary: (breakStart: number, breakEnd: number) => void): void {
    if (text.indexOf('\r') === -1) {
      // The common case, with indexOf doing the scan.
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
        this.line++;
        onBoundary(base + at, base + at + 1);
      }
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch !== LF && ch !== CR) continue;
      const end = ch === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
      this.line++;
      onBoundary(base + i, base + end);
      i = end - 1;
    }
  }

  #scanCsv(text: string, base: number, onBoundary: (breakStart: number, breakEnd: number) => void): void {
    const delimiter = this.#delimiter;
    let state: CsvState = this.#state;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === LF || ch === CR) {
        const end = ch === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
        this.line++;
        if (state !== Csv.Quoted) {
          state = Csv.FieldStart;
          onBoundary(base + i, base + end);
        }
        i = end - 1;
        continue;
      }
      switch (state) {
        case Csv.FieldStart:
          if (ch === QUOTE) {
            state = Csv.Quoted;
            this.#quoteLine = this.line;
          } else if (ch !== delimiter) state = Csv.Unquoted;
          break;
        case Csv.Unquoted:
          if (ch === delimiter) state = Csv.FieldStart;
          break;
        case Csv.Quoted:
          if (ch === QUOTE) state = Csv.QuoteInQuoted;
          break;
        case Csv.QuoteInQuoted:
          if (ch === QUOTE) state = Csv.Quoted;
          else if (ch === delimiter) state = Csv.FieldStart;
          else state = ch === SPACE || ch === TAB ? Csv.SpacesAfterQuote : Csv.Quoted;
          break;
        case Csv.SpacesAfterQuote:
          if (ch === delimiter) state = Csv.FieldStart;
          else if (ch === QUOTE) state = Csv.QuoteInQuoted;
          else if (ch !== SPACE && ch !== TAB) state = Csv.Quoted;
          break;
      }
    }
    this.#state = state;
  }
}
