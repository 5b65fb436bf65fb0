import { money, totals } from '../money.ts';
import type { ReportOptions, Row } from '../report.ts';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function format(rows: Row[], { title, currency }: Required<ReportOptions>): string {
  const { lines, totalCents } = totals(rows);
  const out = [`# ${title}`, '', '| Date | Customer | Item | Qty | Unit | Total |', '| --- | --- | --- | ---: | ---: | ---: |'];
  for (const { row, cents } of lines) out.push(`| ${row.date} | ${cell(row.customer)} | ${cell(row.item)} | ${row.quantity} | ${money(row.unitCents)} ${currency} | ${money(cents)} ${currency} |`);
  out.push('', `**Total: ${money(totalCents)} ${currency}** (${rows.length} ${rows.length === 1 ? 'line' : 'lines'})`);
  return `${out.join('\n')}\n`;
}
