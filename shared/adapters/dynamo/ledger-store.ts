/** The DynamoDB implementation of the ledger port. */
import { GetCommand, QueryCommand, TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AdminUnit } from '../../domain/admin-units';
import type { Fund } from '../../domain/funds';
import { DELTA_NAMES, emptyDeltaSums, type DeltaName, type JournalEntry } from '../../domain/journal';
import type { Pledge } from '../../domain/pledges';
import { IdempotencyRecordExistsError, RefTakenError, UnprocessableError } from '../../errors';
import type { IdempotencyRecord, LedgerStore } from '../../usecases/ports';
import { dynamo, tableName } from './client';
import { cancellationReasons, errorName, translateDynamoError } from './errors';
import { keys } from './keys';

const IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 3600;

async function call<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw translateDynamoError(error);
  }
}

export async function queryAll<T>(input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
  const items: T[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await call(() => dynamo().send(new QueryCommand({ TableName: tableName(), ...input, ExclusiveStartKey })));
    items.push(...((page.Items ?? []) as T[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

function strip<T>(item: Record<string, unknown> | undefined): T | null {
  if (!item) return null;
  const { pk: _pk, sk: _sk, kind: _kind, gsi1pk: _g1, gsi1sk: _g2, expiresAt: _e, ...rest } = item;
  return rest as T;
}

export function journalItem(entry: JournalEntry): Record<string, unknown> {
  return { ...keys.journal(entry.fundId, entry.entryId), kind: 'JOURNAL', ...entry };
}

export function idempotencyItem(record: IdempotencyRecord): Record<string, unknown> {
  return {
    ...keys.idempotency(record.scope, record.key),
    kind: 'IDEMPOTENCY',
    ...record,
    expiresAt: Math.floor(Date.parse(record.createdAt) / 1000) + IDEMPOTENCY_TTL_SECONDS,
  };
}

let adminUnitsCache: Promise<AdminUnit[]> | undefined;

export function dynamoLedgerStore(): LedgerStore {
  return {
    async getFund(fundId) {
      const result = await call(() => dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.fund(fundId) })));
      return strip<Fund>(result.Item);
    },

    async listFunds() {
      const items = await queryAll<Record<string, unknown>>({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.fundsIndex().gsi1pk },
      });
      return items.map((item) => strip<Fund>(item)!);
    },

    async readTotals(scope) {
      const shards = await queryAll<Record<string, unknown>>({
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.totalsPartition(scope) },
        ConsistentRead: true,
      });
      const sums = emptyDeltaSums();
      for (const shard of shards) for (const name of DELTA_NAMES) sums[name] += Number(shard[name] ?? 0);
      return sums as Record<DeltaName, number>;
    },

    async listAdminUnits() {
      // Units change by decree, not by request: one read per container is enough.
      adminUnitsCache ??= (async () => {
        const provinces = await queryAll<{ sk: string }>({
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':p': 'ADMIN', ':s': 'PROVINCE#' },
          ProjectionExpression: 'sk',
        });
        const perProvince = await Promise.all(
          provinces.map((p) =>
            queryAll<Record<string, unknown>>({
              KeyConditionExpression: 'pk = :p',
              ExpressionAttributeValues: { ':p': `ADMIN#${p.sk.slice('PROVINCE#'.length)}` },
            }),
          ),
        );
        return perProvince.flat().map((item) => strip<AdminUnit>(item)!);
      })().catch((error) => {
        adminUnitsCache = undefined;
        throw error;
      });
      return adminUnitsCache;
    },

    async getIdempotencyRecord(scope, key) {
      const result = await call(() =>
        dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.idempotency(scope, key), ConsistentRead: true })),
      );
      return strip<IdempotencyRecord>(result.Item);
    },

    async getPledgeByRef(ref) {
      const guard = await call(() => dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.ref(ref) })));
      if (!guard.Item || guard.Item.entityType !== 'pledge') return null;
      const pledge = await call(() =>
        dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.pledge(String(guard.Item!.entityId)) })),
      );
      return strip<Pledge>(pledge.Item);
    },

    async createPledge(pledge, entry, idempotency) {
      const TableName = tableName();
      const notExists = 'attribute_not_exists(pk)';
      try {
        await dynamo().send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName, Item: idempotencyItem(idempotency), ConditionExpression: notExists } },
              {
                ConditionCheck: {
                  TableName,
                  Key: keys.fund(pledge.fundId),
                  ConditionExpression: 'attribute_exists(pk) AND #status = :open',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':open': 'OPEN' },
                },
              },
              { Put: { TableName, Item: { ...keys.ref(pledge.ref), kind: 'REF', entityType: 'pledge', entityId: pledge.id }, ConditionExpression: notExists } },
              { Put: { TableName, Item: { ...keys.pledge(pledge.id), kind: 'PLEDGE', ...pledge }, ConditionExpression: notExists } },
              { Put: { TableName, Item: journalItem(entry), ConditionExpression: notExists } },
            ],
          }),
        );
      } catch (error) {
        if (errorName(error) === 'TransactionCanceledException') {
          const codes = cancellationReasons(error).map((r) => r.Code);
          if (codes[0] === 'ConditionalCheckFailed') throw new IdempotencyRecordExistsError('idempotency record exists', undefined, { cause: error });
          if (codes[1] === 'ConditionalCheckFailed') {
            throw new UnprocessableError(`Fund ${pledge.fundId} is not open for pledges`, [{ path: 'body.fundId', message: 'fund is not open' }]);
          }
          if (codes[2] === 'ConditionalCheckFailed') throw new RefTakenError('reference code taken', undefined, { cause: error });
        }
        throw translateDynamoError(error);
      }
    },
  };
}
