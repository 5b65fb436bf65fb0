// Money helpers for invoice splitting. Amounts are in the currency's major unit (12.5 = 12.50 EUR)
// and are never negative.

/** Rounds an amount to whole cents. */
export function roundCents(amount: number): number {
  return Number(amount.toFixed(2));
}

/** Splits `total` between parties in proportion to `weights` (cost centres, shared bills). */
export function allocate(total: number, weights: number[]): number[] {
  if (weights.length === 0) throw new Error('allocate: no weights');
  if (weights.some((weight) => weight < 0)) throw new Error('allocate: negative weight');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new Error('allocate: the weights add up to 0');
  const parts = weights.map((weight) => roundCents((total * weight) / sum));
  // The last party absorbs the rounding difference so the parts add up to the total.
  const allButLast = parts.slice(0, -1).reduce((a, b) => a + b, 0);
  parts[parts.length - 1] = roundCents(total - allButLast);
  return parts;
}

/** Splits `total` into `parts` equal shares. */
export function splitEvenly(total: number, parts: number): number[] {
  if (!Number.isInteger(parts) || parts < 1) throw new Error('splitEvenly: parts must be a positive integer');
  return allocate(total, new Array<number>(parts).fill(1));
}

export function formatAmount(amount: number, currency = 'EUR'): string {
  return `${roundCents(amount).toFixed(2)} ${currency}`;
}
