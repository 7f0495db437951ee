// Human-readable summaries of import and cleaning reports for the CLI and logs: the counts, then
// the first few issues with `file:line` so a user can open the file at the right place.
// Plain text only; the UI renders the report objects itself.

import { CLEAN_STEPS, formatLocation, type CleanReport } from './clean';
import type { ImportIssue, ImportReport } from './pair';

export interface FormatOptions {
  /** How many issues (or cleaning entries) to list; the rest are counted. Default 10. */
  maxItems?: number;
}

export function formatImportReport(report: ImportReport, options: FormatOptions = {}): string {
  const max = options.maxItems ?? 10;
  const errors = report.issues.filter((i) => i.severity === 'error').length;
  const warnings = report.issues.length - errors;
  const out = [
    `${report.file}: ${report.format}${report.detection ? ` (${report.detection})` : ''}`,
    `  ${report.records} records, ${report.accepted} imported, ${report.rejected} rejected; ${errors} error(s), ${warnings} warning(s)`,
  ];
  const counts = Object.entries(report.counts).filter(([, n]) => n !== 0);
  if (counts.length > 0) out.push(`  ${counts.map(([k, n]) => `${k}: ${n}`).join(', ')}`);
  for (const issue of report.issues.slice(0, max)) out.push(`  ${issueLine(issue)}`);
  if (report.issues.length > max) out.push(`  … and ${report.issues.length - max} more issue(s)`);
  return out.join('\n');
}

function issueLine(issue: ImportIssue): string {
  const where = issue.line !== undefined ? `${issue.file}:${issue.line}` : issue.record !== undefined ? `${issue.file} record ${issue.record}` : issue.file;
  return `${issue.severity}  ${where}  ${issue.reason}`;
}

export function formatCleanReport(report: CleanReport, options: FormatOptions = {}): string {
  const max = options.maxItems ?? 10;
  const out = [`cleaning: ${report.input} pairs in, ${report.output} kept`];
  for (const step of CLEAN_STEPS) {
    const s = report.steps[step];
    if (!s.enabled) continue;
    const parts = [s.changed && `${s.changed} changed`, s.dropped && `${s.dropped} dropped`, s.flagged && `${s.flagged} flagged`].filter(Boolean);
    out.push(`  ${step}: ${parts.length ? parts.join(', ') : 'nothing to do'}`);
  }
  for (const entry of report.entries.slice(0, max)) {
    out.push(`  ${entry.action}  ${formatLocation(entry.source)}  [${entry.step}] ${entry.reason}`);
  }
  if (report.entries.length > max) out.push(`  … and ${report.entries.length - max} more`);
  return out.join('\n');
}
