/**
 * Quantities of goods are counted in thousandths of their unit (12.5 kg = 12500), so that sums
 * are exact: 0.1 + 0.2 kg is 0.3 kg, not 0.30000000000000004.
 */
export function toThousandths(quantity: number): number {
  return Math.round(quantity * 1000);
}

/** A quantity has at most three decimals when it is a whole number of thousandths. */
export function isThousandths(quantity: number): boolean {
  return Math.abs(quantity * 1000 - toThousandths(quantity)) < 1e-6;
}

/** `12500` → `12.5`, `3000` → `3`: a decimal without exponent or trailing zeros. */
export function formatThousandths(thousandths: number): string {
  const whole = Math.trunc(thousandths / 1000);
  const fraction = String(thousandths % 1000).padStart(3, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}
