// A distribution as inline SVG: the trials' values in equal-width bins, the count of trials in each,
// and the median and the 90th percentile marked, so a run's typical and slow (or costly) trials read at
// a glance. No script and no library: the report opens from disk anywhere.
import { escapeHtml } from './html';

const BINS = 10;
const WIDTH = 640;
const HEIGHT = 180;
const LEFT = 40;
const BOTTOM = 36;

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

/** `values` in BINS equal bins from their minimum to their maximum (one bin when all are equal). */
export function binValues(values: readonly number[], bins = BINS): HistogramBin[] {
  if (values.length === 0) return [];
  const low = Math.min(...values);
  const high = Math.max(...values);
  if (high === low) return [{ from: low, to: high, count: values.length }];
  const size = (high - low) / bins;
  const result = Array.from({ length: bins }, (_, index) => ({ from: low + index * size, to: low + (index + 1) * size, count: 0 }));
  // The maximum belongs to the last bin, not to one past it.
  for (const value of values) result[Math.min(bins - 1, Math.floor((value - low) / size))]!.count++;
  return result;
}

/** The q-quantile by the nearest rank: a value some trial really had. */
export function nearestRank(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;
}


export function histogramSvg(title: string, values: readonly number[], format: (value: number) => string): string {
  const bins = binValues(values);
  if (bins.length === 0) return `<figure><figcaption>${escapeHtml(title)}: no trials</figcaption></figure>`;
  const median = nearestRank(values, 0.5);
  const p90 = nearestRank(values, 0.9);
  const most = Math.max(...bins.map((bin) => bin.count));
  const plotWidth = WIDTH - LEFT - 10;
  const plotHeight = HEIGHT - BOTTOM - 24;
  const barWidth = plotWidth / bins.length;
  const low = bins[0]!.from;
  const span = bins.at(-1)!.to - low;
  const xOf = (value: number) => LEFT + (span > 0 ? ((value - low) / span) * plotWidth : plotWidth / 2);
  const bars = bins
    .map((bin, index) => {
      const height = (bin.count / most) * plotHeight;
      const x = LEFT + index * barWidth;
      const y = 24 + plotHeight - height;
      return `<rect x="${(x + 1).toFixed(1)}" y="${y.toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${height.toFixed(1)}" fill="#3b82f6"><title>${escapeHtml(`${format(bin.from)}–${format(bin.to)}: ${bin.count} trial${bin.count === 1 ? '' : 's'}`)}</title></rect>${bin.count ? `<text x="${(x + barWidth / 2).toFixed(1)}" y="${(y - 3).toFixed(1)}" font-size="11" text-anchor="middle">${bin.count}</text>` : ''}`;
    })
    .join('');
  const axisY = 24 + plotHeight;
  const marks = [
    { value: median, label: `median ${format(median)}`, colour: '#111827' },
    { value: p90, label: `p90 ${format(p90)}`, colour: '#dc2626' },
  ]
    .map((mark, index) => `<line x1="${xOf(mark.value).toFixed(1)}" x2="${xOf(mark.value).toFixed(1)}" y1="24" y2="${axisY}" stroke="${mark.colour}" stroke-dasharray="4 3"/><text x="${LEFT + index * 200}" y="${HEIGHT - 4}" font-size="12" fill="${mark.colour}">${escapeHtml(mark.label)}</text>`)
    .join('');
  const axis = `<line x1="${LEFT}" x2="${LEFT + plotWidth}" y1="${axisY}" y2="${axisY}" stroke="#6b7280"/><text x="${LEFT}" y="${axisY + 14}" font-size="11">${escapeHtml(format(low))}</text><text x="${LEFT + plotWidth}" y="${axisY + 14}" font-size="11" text-anchor="end">${escapeHtml(format(low + span))}</text>`;
  return `<figure><svg role="img" aria-label="${escapeHtml(`${title}: median ${format(median)}, p90 ${format(p90)}, ${values.length} trials`)}" width="${WIDTH}" height="${HEIGHT}" font-family="system-ui, sans-serif"><text x="0" y="14" font-size="14" font-weight="600">${escapeHtml(`${title} (${values.length} trials)`)}</text>${bars}${axis}${marks}</svg></figure>`;
}
