import { counters, funds } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { totalsCsv } from '../../shared/reports/totals-csv';
import { GetOpenFundTotals } from '../../shared/routes/open-data';
import { getFundWithTotals } from '../../shared/usecases/funds';

export const handler = routeHandler(GetOpenFundTotals, async ({ params, query }) => {
  const { fundId, currency, totals } = await getFundWithTotals({ funds, counters }, params.fundId);
  if (query.format === 'csv') return { csv: { text: totalsCsv(['fundId', 'currency'], [{ key: [fundId, currency], totals }]), filename: `${fundId}-totals.csv` } };
  return { body: { fundId, currency, totals } };
});
