// Options shared by every command that reads a dataset file: format, field names, cleaning.
import type { Command } from 'commander';
import type { CleanOptions } from '../shared/dataset/clean';
import { IMPORT_FORMATS, type ImportFormat, type ImportOptions } from '../shared/dataset/pair';

export interface DataFlags {
  format?: string;
  descriptionField?: string;
  codeField?: string;
  clean?: boolean;
  dropUnparseable?: boolean;
  keepComments?: boolean;
  maxCodeTokens?: number;
}

export function addDataOptions(command: Command, cleanByDefault: boolean): Command {
  command
    .option('--format <format>', `dataset format (default: detected): ${IMPORT_FORMATS.join(', ')}`)
    .option('--description-field <name>', 'CSV column / JSONL field holding the English (CSV default: intent; JSONL: description)')
    .option('--code-field <name>', 'CSV column / JSONL field holding the Python (CSV default: snippet; JSONL: code)')
    .option('--drop-unparseable', 'drop code that does not parse as Python 3 (default: keep it and report it)')
    .option('--keep-comments', 'keep comments and docstrings in the code');
  if (cleanByDefault) command.option('--no-clean', 'use the pairs as imported, without any cleaning step');
  else command.option('--clean', 'clean the pairs (the same steps as training uses)');
  return command;
}

export function importOptions(flags: DataFlags): ImportOptions {
  if (flags.format && !IMPORT_FORMATS.includes(flags.format as ImportFormat)) {
    throw new Error(`unknown --format "${flags.format}"; choose one of ${IMPORT_FORMATS.join(', ')}`);
  }
  const fields: { description?: string; code?: string } = {};
  if (flags.descriptionField) fields.description = flags.descriptionField;
  if (flags.codeField) fields.code = flags.codeField;
  return { ...(flags.format ? { format: flags.format as ImportFormat } : {}), ...(Object.keys(fields).length ? { fields } : {}) };
}

/** undefined = no cleaning. */
export function cleanOptions(flags: DataFlags): Partial<CleanOptions> | undefined {
  if (!flags.clean) return undefined;
  return {
    ...(flags.dropUnparseable ? { syntax: 'drop' as const } : {}),
    ...(flags.keepComments ? { removeComments: false } : {}),
  };
}
