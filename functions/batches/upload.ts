import { createHash } from 'node:crypto';
import { funds, idempotency, transaction } from '../../shared/adapters/dynamo';
import { ForbiddenError } from '../../shared/errors';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { readPledgeList } from '../../shared/http/pledge-list';
import { UploadBatch } from '../../shared/routes/batches';
import { uploadBatch } from '../../shared/usecases/batches';

/** `POST /v1/org/batches?fundId=…&fileName=…` with the CSV itself as the body: rows validated one by one, the good ones kept. */
export const handler = routeHandler(UploadBatch, async (request) => {
  if (request.principal.kind !== 'organisation') throw new ForbiddenError('This route is for organisations');
  const { bytes } = request.file!;
  const list = await readPledgeList(bytes);
  const result = await uploadBatch(
    { funds, idempotency, transaction },
    { orgId: request.principal.orgId, fundId: request.query.fundId, fileName: request.query.fileName, sha256: createHash('sha256').update(bytes).digest('hex'), ...list },
    commandContext(request),
  );
  return { status: result.status, body: result.body, headers: { location: `/v1/org/batches/${result.body.id}` } };
});
