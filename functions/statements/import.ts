/**
 * The statements bucket's ObjectCreated event (declared in shared/resources.ts `bucketConsumers`;
 * in the twin a poller delivers the same event): validates and imports the statement whose file
 * arrived. Runs until the import is done or this invocation's time is nearly up; then it saves
 * the checkpoint, gives the lease up and rewrites the object's metadata, which fires the event
 * again, so the next invocation continues where this one stopped.
 */
import middy from '@middy/core';
import type { Context, EventBridgeEvent, S3Event } from 'aws-lambda';
import { funds, pledges, disbursements, receipts, statements, statementLines, dayIndex, statementMappings, idempotency, transaction } from '../../shared/adapters/dynamo';
import { statementFiles } from '../../shared/adapters/s3/statements';
import { statementParser } from '../../shared/adapters/statement-parser/on-demand';
import { NotFoundError } from '../../shared/errors';
import { logger, powertoolsMiddlewares } from '../../shared/observability';
import { statementIdFromKey } from '../../shared/usecases/statements/files';
import { processStatement } from '../../shared/usecases/statements/import';
import * as clock from '../../shared/domain/clock';
import { config } from '../../shared/config';

/** Kept back from the invocation's time to save the checkpoint and re-trigger. */
const MARGIN_MS = 60_000;

/**
 * A run that died (killed, out of memory, timed out) keeps its lease until it lapses, and the
 * event that is delivered again must outwait it, or the import stops half done with nothing left
 * to continue it. A live run renews its lease at every checkpoint and keeps it.
 */
const OUTWAIT_LEASE_MS = 15_000;

/** How the statements bucket reports an upload in AWS (EventBridge, `infra/stacks/stateless-stack.ts`). */
export type ObjectCreatedEvent = EventBridgeEvent<'Object Created', { bucket: { name: string }; object: { key: string } }>;

/** The uploaded keys, from an S3 notification (the twin's poller) or an EventBridge event (AWS). */
function uploadedKeys(event: S3Event | ObjectCreatedEvent): string[] {
  if ('detail' in event) return [event.detail.object.key];
  // S3 notifications URL-encode keys, with `+` for spaces.
  return (event.Records ?? []).map((record) => decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')));
}

async function importUploadedStatements(event: S3Event | ObjectCreatedEvent, context: Context): Promise<void> {
  for (const key of uploadedKeys(event)) {
    const statementId = statementIdFromKey(key);
    if (!statementId) {
      logger.warn('not a statement upload; ignored', { key });
      continue;
    }
    const remaining = context.getRemainingTimeInMillis();
    const leaseMs = config().STATEMENT_LEASE_SECONDS * 1000;
    try {
      const result = await processStatement({ funds, pledges, disbursements, receipts, statements, statementLines, dayIndex, statementMappings, idempotency, transaction, statementFiles, statementParser }, statementId, {
        owner: `event:${context.awsRequestId}`,
        deadline: Date.now() + Math.max(remaining - MARGIN_MS, remaining / 2),
        leaseMs,
        // Also covers a continuation event that arrives while the run that sent it is letting go.
        waitForLeaseMs: leaseMs + OUTWAIT_LEASE_MS,
        log: (message, fields) => logger.info(message, fields),
        continueLater: async (statement) => {
          logger.info('statement import continues in a new invocation', { statementId, linesProcessed: statement.linesProcessed });
          return statementFiles.retrigger(key, clock.now().toISOString());
        },
      });
      if (result.busy) logger.info('statement is being imported by another invocation', { statementId });
    } catch (error) {
      // An object of another deployment's (or another test's) table: nothing of ours to import.
      if (error instanceof NotFoundError) {
        logger.warn('no statement for this upload; ignored', { key });
        continue;
      }
      throw error;
    }
  }
}

// No early timeout from middy: the import keeps its own margin, and an invocation that middy gave
// up on would be frozen in the middle of saving its checkpoint.
export const handler = middy<S3Event | ObjectCreatedEvent, void, Error, Context>({ timeoutEarlyInMillis: 0 })
  .use(powertoolsMiddlewares())
  .handler(importUploadedStatements);
