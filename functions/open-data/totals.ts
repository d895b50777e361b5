import { counters, funds } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { fundTotalsCsv } from '../../shared/reports/totals-csv';
import { GetOpenFundTotals } from '../../shared/routes/open-data';
import { getFundWithTotals } from '../../shared/usecases/funds';

export const handler = routeHandler(GetOpenFundTotals, async ({ params, query }) => {
  const { fundId, currency, totals } = await getFundWithTotals({ funds, counters }, params.fundId);
  return query.format === 'csv' ? { csv: fundTotalsCsv({ fundId, currency, totals }) } : { body: { fundId, currency, totals } };
});
