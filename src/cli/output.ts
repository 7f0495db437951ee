// How every command talks: human-readable lines, or with --json one JSON object per line
// (progress events while working, then a final summary). Errors become a clear message and a
// non-zero exit code, never a stack trace (set CODE_STUDIO_DEBUG=1 for one).
import { describeError } from '../shared/api/errors';
import { InvalidArgumentError } from 'commander';

export interface Output {
  json: boolean;
  /** A line for people (ignored in --json mode). */
  say(text: string): void;
  /** A JSON line (ignored in human mode). */
  emit(record: Record<string, unknown>): void;
}

export function makeOutput(json: boolean): Output {
  return {
    json,
    say: (text) => {
      if (!json) process.stdout.write(text + '\n');
    },
    emit: (record) => {
      if (json) process.stdout.write(JSON.stringify(record, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n');
    },
  };
}

/** Wraps a command action: reports failures in the chosen mode and sets the exit code. */
export function action<A extends unknown[]>(run: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (error) {
      const options = args.find((a) => typeof a === 'object' && a !== null && 'json' in (a as object)) as { json?: boolean } | undefined;
      if (options?.json) process.stdout.write(JSON.stringify({ event: 'error', message: describeError(error) }) + '\n');
      else process.stderr.write(`error: ${describeError(error)}\n`);
      if (process.env.CODE_STUDIO_DEBUG) console.error(error);
      exitWithFailure();
    }
  };
}

let exitHooked = false;

function exitWithFailure(): void {
  process.exitCode = 1;
  if (exitHooked) return;
  exitHooked = true;
  // Loading Pyodide resets process.exitCode to 0, and it can finish loading after the failure
  // (eval and generate load it beside the run): insist on the failure when the process exits.
  process.on('exit', (code) => {
    if (code === 0) process.exitCode = 1;
  });
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

// Option parsers throw commander's InvalidArgumentError, which commander reports as one line
// naming the option (a plain Error here would escape as a stack trace).
export function parseIntOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number ≥ 0, got "${value}"`);
    return n;
  };
}

export function parseNumberOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number, got "${value}"`);
    return n;
  };
}
