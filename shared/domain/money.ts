/** Money is an integer in the currency's minor unit. VND has no minor unit. */
export type Currency = 'VND';

export const MINOR_UNITS: Record<Currency, number> = { VND: 0 };

export function isAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** `1000000` → `1.000.000 ₫`, as Vietnamese readers expect. */
export function formatVnd(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const digits = String(Math.abs(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${digits} ₫`;
}
