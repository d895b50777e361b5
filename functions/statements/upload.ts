import { funds, idempotency, statementMappings, transaction } from '../../shared/adapters/dynamo';
import { statementFiles } from '../../shared/adapters/s3/statements';
import { statementParser } from '../../shared/adapters/statement-parser/on-demand';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { UploadStatement } from '../../shared/routes/statements';
import { uploadStatement } from '../../shared/usecases/statements/upload';
import { requireFundScope } from '../../shared/usecases/scope';
import { statementView } from '../../shared/usecases/statements/views';

/** `POST /v1/statements?fundId=…&fileName=…` with the CSV or XLSX file itself as the body (what `fetch(url, { body: file })` sends). */
export const handler = routeHandler(UploadStatement, async (request) => {
  await requireFundScope({ funds }, request.scope, request.query.fundId);
  const { bytes, contentType } = request.file!;
  const result = await uploadStatement({ funds, statementMappings, idempotency, transaction, statementFiles, statementParser }, { ...request.query, contentType, bytes }, commandContext(request));
  return { status: result.status, body: statementView(result.body), headers: { location: `/v1/statements/${result.body.id}` } };
});
