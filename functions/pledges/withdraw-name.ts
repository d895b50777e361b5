import { funds, idempotency, pledges, transaction } from '../../shared/adapters/dynamo';
import { namesStore } from '../../shared/adapters/s3/report-store';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { WithdrawPledgeName } from '../../shared/routes/pledges';
import { withdrawName } from '../../shared/usecases/name-withdrawal';

export const handler = routeHandler(WithdrawPledgeName, async (request) =>
  withdrawName({ pledges, funds, idempotency, transaction, names: namesStore() }, request.params.ref, { by: 'donor', contact: request.body.contact }, commandContext(request)),
);
