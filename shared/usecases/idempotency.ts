/**
 * Idempotent commands (DESIGN §8). The idempotency record is written in the same transaction
 * as the command, so "the command happened" and "its response is stored" are one fact.
 *
 * Primary course:
 *  1. A stored record with the same request hash: return its response again.
 *  2. A stored record with a different hash: 409.
 *  3. No record: run the command, which writes the record with `attribute_not_exists`.
 *  4. Lost the race to a concurrent twin request: read its record and go to 1.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import canonicalize from 'canonicalize';
import { ConcurrentModificationError, IdempotencyKeyReuseError, IdempotencyRecordExistsError, ServiceUnavailableError } from '../errors';
import type { IdempotencyStore } from './ports';

export interface StoredResponse<T> {
  status: number;
  body: T;
}

export function requestHash(operation: string, body: unknown): string {
  return createHash('sha256')
    .update(operation)
    .update('\n')
    .update(canonicalize(body ?? null) ?? '')
    .digest('hex');
}

/** Commits that may lose a race to a concurrent request with the same key before giving up with 503. */
export const MAX_ATTEMPTS = 25;
/** Full-jitter exponential backoff: many requests racing for one item spread out instead of colliding again. */
export const backoffMs = (attempt: number) => Math.floor(Math.random() * Math.min(1_000, 10 * 2 ** attempt));

export async function idempotent<T>(
  records: IdempotencyStore,
  scope: string,
  key: string,
  hash: string,
  execute: () => Promise<StoredResponse<T>>,
): Promise<StoredResponse<T>> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const existing = await records.get(scope, key);
    if (existing) {
      if (existing.requestHash !== hash) {
        throw new IdempotencyKeyReuseError('This Idempotency-Key was already used with a different request body');
      }
      return { status: existing.status, body: existing.response as T };
    }
    try {
      return await execute();
    } catch (error) {
      const lostRace = error instanceof IdempotencyRecordExistsError || error instanceof ConcurrentModificationError;
      if (!lostRace) throw error;
      await sleep(backoffMs(attempt));
    }
  }
  throw new ServiceUnavailableError('Too many concurrent requests with this Idempotency-Key; retry shortly');
}
