/** Idempotency records in DynamoDB. */
import type { IdempotencyRecord, IdempotencyStore } from '../../usecases/ports/idempotency';
import { fromItem, getItem, keys } from './table';

export function dynamoIdempotencyStore(): IdempotencyStore {
  return {
    get: async (scope, key) => fromItem<IdempotencyRecord>(await getItem(keys.idempotency(scope, key), true)),
  };
}
