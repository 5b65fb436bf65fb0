import { money, totals } from '../money.ts';
import type { ReportOptions, Row } from '../report.ts';

export function format(rows: Row[], { title, currency }: Required<ReportOptions>): string {
  const { lines, totalCents } = totals(rows);
  const report = { title, currency, lines: lines.map(({ row, cents }) => ({ ...row, totalCents: cents })), totalCents, total: money(totalCents) };
  return `${JSON.stringify(report, null, 2)}\n`;
}
