// Summaries of repeated timings, shared by the benchmarks.

/** The middle value (the upper middle of an even count): one slow run does not move it. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
