// Amounts, computed and printed the same way in every format.
import type { Row } from './report.ts';

export function money(cents: number): string {
  return (cents / 100).toFixed(2);
}

export interface Totals {
  lines: { row: Row; cents: number }[];
  totalCents: number;
}

export function totals(rows: Row[]): Totals {
  const lines = rows.map((row) => ({ row, cents: row.quantity * row.unitCents }));
  return { lines, totalCents: lines.reduce((sum, line) => sum + line.cents, 0) };
}
