/**
 * Money is integer fen (分) everywhere; 100 fen = 1 yuan. Never a float, never a string.
 */

/** The most an amount may be: money is kept in Postgres `integer` columns (21,474,836.47 yuan). */
export const MAX_FEN = 2_147_483_647;

/** True only for a JS safe integer ≥ 0 (rejects 80.5, '8000', '¥80', NaN, Infinity, -1). */
export function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Fen as yuan with two decimals and thousands separators: 8000 → `80.00`,
 * 123456789 → `1,234,567.89`, -5 → `-0.05`. Integer/string arithmetic only.
 * Throws a RangeError unless `fen` is a safe integer.
 */
export function formatYuan(fen: number): string {
  if (typeof fen !== 'number' || !Number.isSafeInteger(fen)) {
    throw new RangeError('formatYuan needs a whole number of fen');
  }
  const negative = fen < 0;
  const digits = String(negative ? -fen : fen).padStart(3, '0');
  const yuan = digits.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${negative ? '-' : ''}${yuan}.${digits.slice(-2)}`;
}
