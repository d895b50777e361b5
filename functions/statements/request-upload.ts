import { funds, idempotency, statementMappings, transaction } from '../../shared/adapters/dynamo';
import { statementFiles } from '../../shared/adapters/s3/statements';
import { statementParser } from '../../shared/adapters/statement-parser/on-demand';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { RequestStatementUpload } from '../../shared/routes/statements';
import { requestStatementUpload } from '../../shared/usecases/statements/upload';
import { requireFundScope } from '../../shared/usecases/scope';
import { statementView } from '../../shared/usecases/statements/views';

export const handler = routeHandler(RequestStatementUpload, async (request) => {
  await requireFundScope({ funds }, request.scope, request.body.fundId);
  const result = await requestStatementUpload({ funds, statementMappings, idempotency, transaction, statementFiles, statementParser }, request.body, commandContext(request));
  return { status: result.status, body: { statement: statementView(result.statement), upload: result.upload } };
});
