/**
 * Report files go straight from storage (a Lambda response stops at 6 MB; entries.jsonl does
 * not): the handler answers 302 with a short-lived presigned URL. Browsers and fetch follow it.
 */
import { namesStore, reportStore } from '../../shared/adapters/s3/report-store';
import { routeHandler } from '../../shared/http/handler';
import { GetReportFile } from '../../shared/routes/reports';
import { reportFileUrl } from '../../shared/usecases/reports';

export const handler = routeHandler(GetReportFile, async ({ params }) => {
  const url = await reportFileUrl(reportStore(), params, namesStore());
  return { status: 302, body: { url }, headers: { location: url, 'cache-control': 'no-store' } };
});
