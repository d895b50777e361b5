import { adminUnits, counters, funds } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { totalsCsv } from '../../shared/reports/totals-csv';
import { ListOpenWardTotals } from '../../shared/routes/open-data';
import { listWardTotals } from '../../shared/usecases/totals';

export const handler = routeHandler(ListOpenWardTotals, async ({ params, query }) => {
  const wards = await listWardTotals({ funds, adminUnits, counters }, params.fundId);
  if (query.format === 'csv') {
    const rows = wards.items.map((w) => ({ key: [wards.fundId, w.wardCode, w.name, w.provinceCode], totals: w.totals }));
    return { csv: { text: totalsCsv(['fundId', 'wardCode', 'name', 'provinceCode'], rows), filename: `${wards.fundId}-wards.csv` } };
  }
  return { body: wards };
});
