import { stores } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { matchLine, type MatchBody } from '../../shared/usecases/statements/review';

export const handler = routeHandler<{ id: string; lineId: string }, unknown, MatchBody>(routeById('MatchStatementLine'), async (request) =>
  matchLine(stores, request.params.id, request.params.lineId, request.body, commandContext(request)),
);
