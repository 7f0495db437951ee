// One ImportReport for a streamed file, gathered from the reports of its blocks (each already
// numbered as in the whole file) and from the records the streaming itself rejects (too long).
// Issues are listed up to a cap so that a file of 600k broken lines cannot fill the memory; the
// ones beyond it are counted in `counts.issuesNotListed`.

import type { ImportFormat, ImportIssue, ImportReport, IssueSeverity, SourceLocation } from '../../shared/dataset/pair';

export const MAX_LISTED_ISSUES = 10_000;

export class ReportAccumulator {
  records = 0;
  accepted = 0;
  rejected = 0;
  readonly counts: Record<string, number> = {};
  readonly issues: ImportIssue[] = [];

  constructor(
    readonly file: string,
    readonly format: ImportFormat,
    readonly detection: string,
    private readonly maxIssues = MAX_LISTED_ISSUES,
  ) {}

  /** Adds a block's report. */
  add(report: ImportReport): void {
    this.records += report.records;
    this.accepted += report.accepted;
    this.rejected += report.rejected;
    for (const [key, value] of Object.entries(report.counts)) this.counts[key] = (this.counts[key] ?? 0) + value;
    for (const issue of report.issues) this.#list(issue);
  }

  /** A record the streaming itself rejects. */
  reject(at: Omit<SourceLocation, 'file'>, reason: string, severity: IssueSeverity = 'error'): void {
    this.records++;
    this.rejected++;
    this.#list({ file: this.file, ...at, severity, reason });
  }

  build(): ImportReport {
    return {
      file: this.file,
      format: this.format,
      records: this.records,
      accepted: this.accepted,
      rejected: this.rejected,
      counts: { ...this.counts },
      issues: [...this.issues],
      detection: this.detection,
    };
  }

  #list(issue: ImportIssue): void {
    if (this.issues.length < this.maxIssues) this.issues.push(issue);
    else this.counts.issuesNotListed = (this.counts.issuesNotListed ?? 0) + 1;
  }
}
