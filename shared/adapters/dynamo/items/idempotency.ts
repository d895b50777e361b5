/** A command's stored answer (`IDEMP#<scope>#<key>` / `IDEMP`), expired by TTL after a week. */
import type { IdempotencyRecord } from '../../../usecases/ports/idempotency';
import { keys, type Item } from '../table';

const IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 3600;

export function idempotencyItem(record: IdempotencyRecord): Item {
  return {
    ...keys.idempotency(record.scope, record.key),
    kind: 'IDEMPOTENCY',
    ...record,
    expiresAt: Math.floor(Date.parse(record.createdAt) / 1000) + IDEMPOTENCY_TTL_SECONDS,
  };
}
