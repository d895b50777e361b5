/**
 * Totals as CSV for the open-data API: one row per fund, ward or day, the JSON's field names as
 * headers (they are identifiers that scripts read), amounts in whole đồng, UTF-8 with a BOM and
 * CRLF line ends like the report's spreadsheets.
 */
import type { Totals } from '../domain/journal';
import { BOM, csvRow } from './csv';

const TOTALS_COLUMNS = [
  'pledged',
  'received',
  'approved',
  'disbursed',
  'confirmed',
  'planned',
  'goodsReceived',
  'goodsHandedOver',
  'balance',
  'available',
  'pledgeCount',
  'receiptCount',
  'donorCount',
] as const satisfies readonly (keyof Totals)[];

/** `keys` name the columns before the totals; each row gives their values in that order. */
export function totalsCsv(keys: readonly string[], rows: readonly { key: readonly (string | undefined)[]; totals: Totals }[]): string {
  let text = BOM + csvRow([...keys, ...TOTALS_COLUMNS]);
  for (const row of rows) text += csvRow([...row.key, ...TOTALS_COLUMNS.map((name) => row.totals[name])]);
  return text;
}

export interface CsvFile {
  text: string;
  filename: string;
}

/** A fund's totals, one row. */
export function fundTotalsCsv(fund: { fundId: string; currency: string; totals: Totals }): CsvFile {
  return { text: totalsCsv(['fundId', 'currency'], [{ key: [fund.fundId, fund.currency], totals: fund.totals }]), filename: `${fund.fundId}-totals.csv` };
}

/** A fund's totals per ward, a row each. */
export function wardTotalsCsv(wards: { fundId: string; items: readonly { wardCode: string; name?: string; provinceCode?: string; totals: Totals }[] }): CsvFile {
  const rows = wards.items.map((w) => ({ key: [wards.fundId, w.wardCode, w.name, w.provinceCode], totals: w.totals }));
  return { text: totalsCsv(['fundId', 'wardCode', 'name', 'provinceCode'], rows), filename: `${wards.fundId}-wards.csv` };
}

/** A fund's totals per day in Vietnam, a row each. */
export function dayTotalsCsv(days: { fundId: string; items: readonly { day: string; totals: Totals }[] }): CsvFile {
  const rows = days.items.map((d) => ({ key: [days.fundId, d.day], totals: d.totals }));
  return { text: totalsCsv(['fundId', 'day'], rows), filename: `${days.fundId}-days.csv` };
}
