import { statements, statementLines } from '../../shared/adapters/dynamo';
import type { StoredLineStatus } from '../../shared/domain/statements/statement';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { listLines } from '../../shared/usecases/statements/review';

type Query = { status?: StoredLineStatus; cursor?: string; limit: number };

export const handler = routeHandler<{ id: string }, Query>(routeById('ListStatementLines'), async ({ params, query }) => ({
  body: await listLines({ statements, statementLines }, params.id, query),
}));
