import { counters, funds } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { dayTotalsCsv } from '../../shared/reports/totals-csv';
import { ListOpenDayTotals } from '../../shared/routes/open-data';
import { listDayTotals } from '../../shared/usecases/totals';

export const handler = routeHandler(ListOpenDayTotals, async ({ params, query: { format, ...range } }) => {
  const days = await listDayTotals({ funds, counters }, params.fundId, range);
  return format === 'csv' ? { csv: dayTotalsCsv(days) } : { body: days };
});
