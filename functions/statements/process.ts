import { funds, pledges, disbursements, receipts, statements, statementLines, dayIndex, statementMappings, idempotency, transaction } from '../../shared/adapters/dynamo';
import { statementFiles } from '../../shared/adapters/s3/statements';
import { statementParser } from '../../shared/adapters/statement-parser/on-demand';
import { config } from '../../shared/config';
import { ValidationError } from '../../shared/errors';
import { routeHandler } from '../../shared/http/handler';
import { logger } from '../../shared/observability';
import { ProcessStatement } from '../../shared/routes/statements';
import { requireStatementScope } from '../../shared/usecases/scope';
import { statementView } from '../../shared/usecases/statements/views';

/** What one call may spend importing: well inside API Gateway's 29 s. The next call continues from the checkpoint. */
const BUDGET_MS = 20_000;

/**
 * Starts or continues an import: after a presigned upload when no bucket event is wired (the
 * twin without its bucket poller), or to resume one. 200 when the import is done, 202 while it
 * is not (call again, or watch GET /v1/statements/{id}), 400 naming row and column for a file
 * that failed validation. No Idempotency-Key: repeating it is safe by construction, every line
 * being booked once under its identity.
 */
export const handler = routeHandler(ProcessStatement, async (request) => {
  await requireStatementScope({ funds, statements }, request.scope, request.params.id);
  // The importer loads with a container's first import, not at init (DESIGN §13): a clerk's
  // upload can wait for it once, and a cold start stays within the budget.
  const { processStatement } = await import('../../shared/usecases/statements/import');
  const result = await processStatement({ funds, pledges, disbursements, receipts, statements, statementLines, dayIndex, statementMappings, idempotency, transaction, statementFiles, statementParser }, request.params.id, {
    owner: `http:${request.requestId}`,
    deadline: Date.now() + BUDGET_MS,
    leaseMs: config().STATEMENT_LEASE_SECONDS * 1000,
    log: (message, fields) => logger.info(message, fields),
  });
  const { statement } = result;
  if (statement.status === 'FAILED') {
    throw new ValidationError(`Sao kê không đọc được / The statement file cannot be read: ${statement.errors?.[0]?.path ?? ''}`, statement.errors ?? []);
  }
  return { status: result.done ? 200 : 202, body: statementView(statement) };
});
