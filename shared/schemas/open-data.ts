/** The public read API of open data: a fund's totals, per ward and per day, as JSON or CSV. */
import * as z from 'zod';
import { FundId, IsoDate } from './common';
import { FundTotals } from './funds';

const Format = z.enum(['json', 'csv']).default('json').meta({ description: 'json (default) or csv: the same rows as text/csv, UTF-8 with a BOM' });

export const OpenDataQuery = z.object({ format: Format });

export const OpenDataDaysQuery = z
  .object({ format: Format, from: IsoDate.optional(), to: IsoDate.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { error: 'must not be before from', path: ['to'] });

export const OpenFundTotals = z
  .object({ fundId: FundId, currency: z.literal('VND'), totals: FundTotals })
  .meta({ id: 'OpenFundTotals', description: 'A fund’s totals in đồng, as the live counters hold them' });
