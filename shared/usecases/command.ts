/**
 * Runs a state-changing command as one transaction with its idempotency record, and retries
 * when another command changed the same aggregate first (optimistic concurrency).
 */
import { CommitRejectedError, ConcurrentModificationError } from '../errors';
import { idempotent, requestHash, type StoredResponse } from './idempotency';
import type { Stores, WriteOp } from './ports';
import type { Scope } from './scope';
import * as clock from '../domain/clock';

/** What every command needs: its idempotency records and the transaction that writes them with its ops. */
export type CommandDeps = Pick<Stores, 'idempotency' | 'transaction'>;

export interface CommandContext {
  actor: string;
  idempotencyKey: string;
  /** Separates the keys of different callers. */
  idempotencyScope: string;
  /** The staff member's grants for the route; absent or `system` for the system itself (DESIGN §12.2). */
  scope?: Scope;
  now?: () => Date;
}

export interface PlannedCommand<T> {
  ops: WriteOp[];
  response: StoredResponse<T>;
  /** Maps a failed condition to the domain error the caller should see; return undefined to rethrow. */
  onRejected?: (error: CommitRejectedError) => Error | undefined | Promise<Error | undefined>;
}

export async function executeCommand<T>(
  deps: CommandDeps,
  operation: string,
  input: unknown,
  context: CommandContext,
  plan: (now: Date) => Promise<PlannedCommand<T>>,
): Promise<StoredResponse<T>> {
  const scope = `${operation}#${context.idempotencyScope}`;
  const hash = requestHash(operation, input);
  return idempotent(deps.idempotency, scope, context.idempotencyKey, hash, async () => {
    const now = context.now?.() ?? clock.now();
    const planned = await plan(now);
    const idempotency: WriteOp = {
      op: 'idempotency',
      record: {
        scope,
        key: context.idempotencyKey,
        requestHash: hash,
        status: planned.response.status,
        response: planned.response.body,
        createdAt: now.toISOString(),
      },
    };
    try {
      await deps.transaction.commit([idempotency, ...planned.ops]);
    } catch (error) {
      if (!(error instanceof CommitRejectedError)) throw error;
      const mapped = await planned.onRejected?.(error);
      if (mapped) throw mapped;
      // A version check failed: someone changed the aggregate since we read it. Plan again.
      if (error.failedOp.startsWith('update:')) throw new ConcurrentModificationError('aggregate changed concurrently', undefined, { cause: error });
      throw error;
    }
    return planned.response;
  });
}
