import { adminUnits, counters, funds } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { wardTotalsCsv } from '../../shared/reports/totals-csv';
import { ListOpenWardTotals } from '../../shared/routes/open-data';
import { listWardTotals } from '../../shared/usecases/totals';

export const handler = routeHandler(ListOpenWardTotals, async ({ params, query }) => {
  const wards = await listWardTotals({ funds, adminUnits, counters }, params.fundId);
  return query.format === 'csv' ? { csv: wardTotalsCsv(wards) } : { body: wards };
});
