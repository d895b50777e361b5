/** Money is an integer in the currency's minor unit. VND has no minor unit. */
export type Currency = 'VND';

export const MINOR_UNITS: Record<Currency, number> = { VND: 0 };

export function isAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
