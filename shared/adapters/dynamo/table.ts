/**
 * The one DynamoDB table (DESIGN §4): its client, its name, its key scheme, and the few ways the
 * adapters talk to it (get, query, batch get, one transaction), with SDK errors turned into domain
 * errors here, so nothing above the adapters knows about ConditionalCheckFailed or throttling.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { config } from '../../config';
import {
  CommitRejectedError,
  ConcurrentModificationError,
  IdempotencyRecordExistsError,
  ServiceUnavailableError,
  SoVangError,
  TransactionTooLargeError,
  ValidationError,
} from '../../errors';
import { tracer } from '../../observability';
import { MAX_TRANSACTION_ITEMS } from '../../usecases/ports/transaction';
import type { Page } from '../../usecases/ports/page';
import { isNetworkError } from '../network';

export { keys } from './keys';

export type Item = Record<string, unknown>;
export type ItemKey = { pk: string; sk: string };
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

let documentClient: DynamoDBDocumentClient | undefined;

/** One client per module instance (per Lambda container), created on first use and traced in Lambda. */
export function dynamo(): DynamoDBDocumentClient {
  if (!documentClient) {
    const { AWS_REGION, DYNAMODB_ENDPOINT } = config();
    // The document client sends through this client's middleware stack, so its calls are traced too.
    const client = tracer.captureAWSv3Client(new DynamoDBClient({ region: AWS_REGION, endpoint: DYNAMODB_ENDPOINT, maxAttempts: 3 }));
    documentClient = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return documentClient;
}

export function tableName(): string {
  return config().TABLE_NAME;
}

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'InternalServerError',
  'ServiceUnavailable',
]);

export function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? '';
}

function cancellationCodes(error: unknown): (string | undefined)[] {
  return ((error as { CancellationReasons?: { Code?: string }[] })?.CancellationReasons ?? []).map((reason) => reason.Code);
}

/** Errors worth a retry by the caller: throttling, a dropped connection, a transaction conflict. */
export function translateDynamoError(error: unknown): SoVangError {
  if (error instanceof SoVangError) return error;
  const name = errorName(error);
  if (THROTTLING.has(name) || isNetworkError(error)) {
    return new ServiceUnavailableError('The ledger is busy; retry shortly', 1, { cause: error });
  }
  if (name === 'TransactionConflictException') {
    return new ConcurrentModificationError('Another change to the same item is in progress; retry', undefined, { cause: error });
  }
  if (name === 'TransactionCanceledException') {
    const codes = cancellationCodes(error);
    if (codes.some((c) => c === 'ThrottlingError' || c === 'ProvisionedThroughputExceeded')) {
      return new ServiceUnavailableError('The ledger is busy; retry shortly', 1, { cause: error });
    }
    if (codes.includes('TransactionConflict')) {
      return new ConcurrentModificationError('Another change to the same item is in progress; retry', undefined, { cause: error });
    }
  }
  return new SoVangError(`Ledger operation failed: ${name || 'unknown error'}`, { cause: error });
}

export async function call<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw translateDynamoError(error);
  }
}

/** The stored value without the table's own attributes (keys, index keys, kind, TTL). */
export function fromItem<T>(item: Item | undefined): T | null {
  if (!item) return null;
  const { pk: _pk, sk: _sk, kind: _kind, gsi1pk: _g1, gsi1sk: _g2, gsi2pk: _g3, gsi2sk: _g4, expiresAt: _e, ...rest } = item;
  return rest as T;
}

export async function getItem(key: ItemKey, consistent: boolean): Promise<Item | undefined> {
  const result = await call(() => dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: consistent })));
  return result.Item;
}

/** Every page of a query. */
export async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await call(() => dynamo().send(new QueryCommand({ TableName: tableName(), ...input, ExclusiveStartKey })));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Where a list's cursor may point: the table's own partition, or an index partition. */
export interface CursorScope {
  index?: 'gsi1' | 'gsi2';
  partition: string;
}

function encodeCursor(key: Item | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

/** The start key a cursor stands for; ValidationError for anything but a cursor of this very list. */
export function decodeCursor(cursor: string | undefined, scope: CursorScope): Item | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Item;
    const names = scope.index ? ['pk', 'sk', `${scope.index}pk`, `${scope.index}sk`] : ['pk', 'sk'];
    const own = scope.index ? key[`${scope.index}pk`] : key.pk;
    if (own !== scope.partition || Object.keys(key).length !== names.length || !names.every((n) => typeof key[n] === 'string')) {
      throw new Error('cursor of another list');
    }
    return Object.fromEntries(names.map((n) => [n, key[n]]));
  } catch (error) {
    throw new ValidationError('Invalid cursor', [{ path: 'query.cursor', message: 'is not a cursor from this list' }], { cause: error });
  }
}

/**
 * A cursor that names the last key a list answered (for lists merged from several partitions,
 * which no single DynamoDB start key can resume): `list` names the list, so a cursor of another
 * list is refused.
 */
export function afterCursor(list: string, after: string): string {
  return Buffer.from(JSON.stringify({ list, after })).toString('base64url');
}

/** The last key an `afterCursor` names; undefined for no cursor; ValidationError for a cursor of another list. */
export function readAfterCursor(cursor: string | undefined, list: string): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { list?: unknown; after?: unknown };
    if (parsed.list === list && typeof parsed.after === 'string' && Object.keys(parsed).length === 2) return parsed.after;
  } catch {
    // Reported below, as for any cursor of another list.
  }
  throw new ValidationError('Invalid cursor', [{ path: 'query.cursor', message: 'is not a cursor from this list' }]);
}

/** One page of a query within one partition, from and to an opaque cursor. */
export async function queryPage<T>(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>, cursor: string | undefined, scope: CursorScope): Promise<Page<T>> {
  const ExclusiveStartKey = decodeCursor(cursor, scope);
  const page = await call(() => dynamo().send(new QueryCommand({ TableName: tableName(), ...input, ExclusiveStartKey })));
  const next = encodeCursor(page.LastEvaluatedKey);
  return { items: (page.Items ?? []).map((item) => fromItem<T>(item)!), ...(next ? { cursor: next } : {}) };
}

/** BatchGetItem in chunks of 100, strongly consistent, until nothing is left unprocessed. */
export async function batchGet(keyList: readonly ItemKey[], projection?: string): Promise<Item[]> {
  const TableName = tableName();
  const out: Item[] = [];
  const unique = [...new Map(keyList.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Item[] = unique.slice(i, i + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(Math.min(1000, 20 * 2 ** attempt));
      if (attempt > 10) throw new ServiceUnavailableError('The ledger is busy; retry shortly');
      const result = await call(() =>
        dynamo().send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: pending, ConsistentRead: true, ProjectionExpression: projection } } })),
      );
      out.push(...(result.Responses?.[TableName] ?? []));
      pending = (result.UnprocessedKeys?.[TableName]?.Keys ?? []) as Item[];
    }
  }
  return out;
}

/**
 * One TransactWriteItems: every item or none. A failed condition becomes CommitRejectedError
 * naming the first item whose condition failed (by `nameOf`, with every failed index), or
 * IdempotencyRecordExistsError when that item is the idempotency record.
 */
export async function transactWrite(items: TransactItem[], nameOf: (index: number) => string): Promise<void> {
  if (items.length > MAX_TRANSACTION_ITEMS) throw new TransactionTooLargeError(items.length, MAX_TRANSACTION_ITEMS);
  try {
    await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (errorName(error) === 'TransactionCanceledException') {
      const failed = cancellationCodes(error).flatMap((code, index) => (code === 'ConditionalCheckFailed' ? [index] : []));
      if (failed.length > 0) {
        const first = failed[0]!;
        const name = nameOf(first);
        if (name === 'idempotency') throw new IdempotencyRecordExistsError('idempotency record exists', undefined, { cause: error });
        throw new CommitRejectedError(name, first, { cause: error, failedIndexes: failed });
      }
    }
    throw translateDynamoError(error);
  }
}
