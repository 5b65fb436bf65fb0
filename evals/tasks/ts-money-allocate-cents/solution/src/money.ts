// Money helpers for invoice splitting. Amounts are in the currency's major unit (12.5 = 12.50 EUR)
// and are never negative.

/** A non-negative amount as whole cents; half a cent rounds up. toPrecision drops the binary noise (1.005 * 100 = 100.49999…). */
function toCents(amount: number): number {
  return Math.round(Number((amount * 100).toPrecision(12)));
}

/** Rounds an amount to whole cents. */
export function roundCents(amount: number): number {
  return toCents(amount) / 100;
}

/** Splits `total` between parties in proportion to `weights` (cost centres, shared bills). */
export function allocate(total: number, weights: number[]): number[] {
  if (weights.length === 0) throw new Error('allocate: no weights');
  if (weights.some((weight) => weight < 0)) throw new Error('allocate: negative weight');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new Error('allocate: the weights add up to 0');
  const totalCents = toCents(total);
  const exact = weights.map((weight) => (totalCents * weight) / sum);
  const cents = exact.map((share) => Math.floor(share));
  let left = totalCents - cents.reduce((a, b) => a + b, 0);
  // The cents left over go to the largest remainders (ties: the earlier party).
  const order = exact.map((share, index) => ({ index, remainder: share - Math.floor(share) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    cents[index] += 1;
    left -= 1;
  }
  return cents.map((c) => c / 100);
}

/** Splits `total` into `parts` equal shares. */
export function splitEvenly(total: number, parts: number): number[] {
  if (!Number.isInteger(parts) || parts < 1) throw new Error('splitEvenly: parts must be a positive integer');
  return allocate(total, new Array<number>(parts).fill(1));
}

export function formatAmount(amount: number, currency = 'EUR'): string {
  return `${roundCents(amount).toFixed(2)} ${currency}`;
}
