// The exact "does this parse as Python 3" check: CPython's own compile() (3.14) running in Pyodide.
// Loaded once, lazily (about 4 s in Node); each check then takes well under a millisecond for
// dataset-sized snippets. Pyodide inside Node is NOT a sandbox (Python can reach `process` through
// `import js`), so this module only ever calls compile() on the code, never exec() or eval().
// Not a linter: compile() also reports compiler-level errors (`return` outside a function, …).

import { loadPyodide, type PyodideAPI } from 'pyodide';

export type SyntaxCheckResult =
  | { ok: true }
  | {
      ok: false;
      /** 1-based line of the error (0 when CPython gives none). */
      line: number;
      /** 0-based column of the error (CPython's 1-based `offset` minus one; 0 when none). */
      col: number;
      /** CPython's message with the exception name, e.g. "IndentationError: expected an indented block …". */
      message: string;
    };

/** One token from CPython's `tokenize` module, shaped like python-tokenizer.ts's PyToken. */
export interface ReferenceToken {
  type: string;
  text: string;
  line: number;
  col: number;
}

export type ReferenceTokensResult = { ok: true; tokens: ReferenceToken[] } | { ok: false; message: string };

export interface PythonSyntaxChecker {
  check(code: string): SyntaxCheckResult;
  checkMany(codes: readonly string[]): SyntaxCheckResult[];
  /**
   * CPython's own `tokenize.generate_tokens` output, the reference for python-tokenizer.ts: exact
   * operator types become OP, ENCODING is left out, and an f-string / t-string (FSTRING_START …
   * FSTRING_END) becomes one STRING token. Note that `tokenize` accepts a few things compile() rejects.
   */
  referenceTokens(code: string): ReferenceTokensResult;
  /** The CPython version inside Pyodide, e.g. "3.14.0". */
  readonly pythonVersion: string;
  /** How long loading Pyodide took, in milliseconds. */
  readonly loadMs: number;
}

// Warnings (invalid escape sequences, `is` with a literal, …) are not syntax errors: silence them.
const CHECKER_SOURCE = `
import warnings as _cs_warnings
def _cs_check(src):
    try:
        with _cs_warnings.catch_warnings():
            _cs_warnings.simplefilter("ignore")
            compile(src, "<example>", "exec", dont_inherit=True)
        return None
    except SyntaxError as e:
        return (e.lineno or 0, e.offset or 0, type(e).__name__ + ": " + str(e.msg))
    except Exception as e:
        return (0, 0, type(e).__name__ + ": " + str(e))

import io as _cs_io, tokenize as _cs_tokenize, token as _cs_token
def _cs_tokens(src):
    out = []
    lines = src.splitlines(True)
    depth = 0
    start = None
    try:
        for t in _cs_tokenize.generate_tokens(_cs_io.StringIO(src).readline):
            name = _cs_token.tok_name[t.type]
            if name in ("FSTRING_START", "TSTRING_START"):
                if depth == 0:
                    start = t.start
                depth += 1
                continue
            if depth > 0:
                if name in ("FSTRING_END", "TSTRING_END"):
                    depth -= 1
                    if depth == 0:
                        (l1, c1), (l2, c2) = start, t.end
                        text = lines[l1 - 1][c1:c2] if l1 == l2 else lines[l1 - 1][c1:] + "".join(lines[l1:l2 - 1]) + lines[l2 - 1][:c2]
                        out.append(("STRING", text, l1, c1))
                continue
            if name == "ENCODING":
                continue
            if t.type in _cs_token.EXACT_TOKEN_TYPES.values():
                name = "OP"
            out.append((name, t.string, t.start[0], t.start[1]))
        return (True, out)
    except Exception as e:
        return (False, type(e).__name__ + ": " + str(e))
(_cs_check, _cs_tokens)
`;

type PyCheck = ((src: string) => unknown) & { destroy?: () => void };

class PyodideSyntaxChecker implements PythonSyntaxChecker {
  constructor(
    private readonly pyCheck: PyCheck,
    private readonly pyTokens: PyCheck,
    readonly pythonVersion: string,
    readonly loadMs: number,
  ) {}

  check(code: string): SyntaxCheckResult {
    if (typeof code !== 'string') {
      return { ok: false, line: 0, col: 0, message: `TypeError: expected source code as a string, got ${typeof code}` };
    }
    // Passed as an argument: the source is never spliced into Python text.
    const r = this.pyCheck(code) as { toJs(): unknown; destroy(): void } | undefined | null;
    if (r === undefined || r === null) return { ok: true };
    const [line, offset, message] = r.toJs() as [number, number, string];
    r.destroy();
    return { ok: false, line, col: Math.max(0, offset - 1), message };
  }

  checkMany(codes: readonly string[]): SyntaxCheckResult[] {
    return codes.map((c) => this.check(c));
  }

  referenceTokens(code: string): ReferenceTokensResult {
    const r = this.pyTokens(String(code)) as { toJs(): unknown; destroy(): void };
    const [ok, payload] = r.toJs() as [boolean, [string, string, number, number][] | string];
    r.destroy();
    if (!ok) return { ok: false, message: payload as string };
    return { ok: true, tokens: (payload as [string, string, number, number][]).map(([type, text, line, col]) => ({ type, text, line, col })) };
  }
}

let loading: Promise<PythonSyntaxChecker> | undefined;

/** The shared checker; the first call loads Pyodide, later calls reuse it. */
export function getPythonSyntaxChecker(): Promise<PythonSyntaxChecker> {
  loading ??= load().catch((e: unknown) => {
    loading = undefined;
    throw new Error(`Could not load Pyodide for the Python syntax check: ${(e as Error)?.message ?? String(e)}`);
  });
  return loading;
}

async function load(): Promise<PythonSyntaxChecker> {
  const t0 = performance.now();
  const quiet = (): void => {};
  const pyodide: PyodideAPI = await loadPyodide({ stdout: quiet, stderr: quiet });
  const pair = pyodide.runPython(CHECKER_SOURCE) as { get(i: number): PyCheck; destroy(): void };
  const pyCheck = pair.get(0);
  const pyTokens = pair.get(1);
  pair.destroy();
  const version = String(pyodide.runPython('import sys; sys.version.split()[0]'));
  return new PyodideSyntaxChecker(pyCheck, pyTokens, version, performance.now() - t0);
}
