import { money, totals } from '../money.ts';
import type { ReportOptions, Row } from '../report.ts';

function field(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function format(rows: Row[], _options: Required<ReportOptions>): string {
  const { lines, totalCents } = totals(rows);
  const out = ['date,customer,item,quantity,unit_price,total'];
  for (const { row, cents } of lines) out.push([row.date, row.customer, row.item, String(row.quantity), money(row.unitCents), money(cents)].map(field).join(','));
  out.push(`,,,,total,${money(totalCents)}`);
  return `${out.join('\n')}\n`;
}
