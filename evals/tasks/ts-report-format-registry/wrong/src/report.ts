// Renders a sales report in one of the formats registered in formats/index.ts.
import { formats } from './formats/index.ts';

export interface Row {
  date: string;
  customer: string;
  item: string;
  quantity: number;
  unitCents: number;
}

export interface ReportOptions {
  title?: string;
  currency?: string;
}

export function reportFormats(): string[] {
  return Object.keys(formats);
}

export function renderReport(rows: Row[], format: string, options: ReportOptions = {}): string {
  const formatter = Object.hasOwn(formats, format) ? formats[format] : undefined;
  if (!formatter) throw new Error(`Unknown report format: ${format} (use ${reportFormats().join(', ')})`);
  return formatter.format(rows, { title: options.title ?? 'Sales report', currency: options.currency ?? 'EUR' });
}
