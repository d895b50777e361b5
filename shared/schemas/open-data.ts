/** The public read API of open data: a fund's totals, per ward and per day, as JSON or CSV. */
import * as z from 'zod';
import { FundId } from './common';
import { DAY_ORDER, DAY_RANGE, FundTotals, inDayOrder } from './funds';

const Format = z.enum(['json', 'csv']).default('json').meta({ description: 'json (default) or csv: the same rows as text/csv, UTF-8 with a BOM' });

export const OpenDataQuery = z.object({ format: Format });

export const OpenDataDaysQuery = z.object({ format: Format, ...DAY_RANGE }).refine(inDayOrder, DAY_ORDER);

export const OpenFundTotals = z
  .object({ fundId: FundId, currency: z.literal('VND'), totals: FundTotals })
  .meta({ id: 'OpenFundTotals', description: 'A fund’s totals in đồng, as the live counters hold them' });
