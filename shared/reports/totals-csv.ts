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
