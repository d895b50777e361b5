import { ledgerStore } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { MatchStatementLine } from '../../shared/routes/reconciliation';
import { matchLine } from '../../shared/usecases/statements/review';

export const handler = routeHandler(MatchStatementLine, async (request) =>
  matchLine(ledgerStore, request.params.id, request.params.lineId, request.body, commandContext(request)),
);
