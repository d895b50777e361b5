import { counters, funds } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { totalsCsv } from '../../shared/reports/totals-csv';
import { ListOpenDayTotals } from '../../shared/routes/open-data';
import { listDayTotals } from '../../shared/usecases/totals';

export const handler = routeHandler(ListOpenDayTotals, async ({ params, query: { format, ...range } }) => {
  const days = await listDayTotals({ funds, counters }, params.fundId, range);
  if (format === 'csv') {
    const rows = days.items.map((d) => ({ key: [days.fundId, d.day], totals: d.totals }));
    return { csv: { text: totalsCsv(['fundId', 'day'], rows), filename: `${days.fundId}-days.csv` } };
  }
  return { body: days };
});
