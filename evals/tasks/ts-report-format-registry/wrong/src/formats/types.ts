import type { ReportOptions, Row } from '../report.ts';

export interface Formatter {
  format(rows: Row[], options: Required<ReportOptions>): string;
}
