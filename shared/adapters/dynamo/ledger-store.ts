/** The DynamoDB implementation of the ledger port. */
import { GetCommand, QueryCommand, TransactWriteCommand, type QueryCommandInput, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AdminUnit } from '../../domain/admin-units';
import type { Fund } from '../../domain/funds';
import { DELTA_NAMES, emptyDeltaSums, type DeltaName, type JournalEntry } from '../../domain/journal';
import type { Pledge } from '../../domain/pledges';
import { CommitRejectedError, IdempotencyRecordExistsError, ValidationError } from '../../errors';
import type { Aggregate, FundBalance, IdempotencyRecord, LedgerStore, WriteOp } from '../../usecases/ports';
import type { Receipt } from '../../domain/receipts';
import type { Disbursement } from '../../domain/disbursements';
import type { ApiKeyRecord, Organisation } from '../../domain/organisations';
import { dynamo, tableName } from './client';
import { cancellationReasons, errorName, translateDynamoError } from './errors';
import { keys } from './keys';
import { statementCountersUpdate, statementItem, statementQueries } from './statement-store';

const IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 3600;

export async function call<T>(operation: () => Promise<T>): Promise<T> {
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

export function strip<T>(item: Record<string, unknown> | undefined): T | null {
  if (!item) return null;
  const { pk: _pk, sk: _sk, kind: _kind, gsi1pk: _g1, gsi1sk: _g2, gsi2pk: _g3, gsi2sk: _g4, expiresAt: _e, ...rest } = item;
  return rest as T;
}

export function journalItem(entry: JournalEntry): Record<string, unknown> {
  return {
    ...keys.journal(entry.fundId, entry.entryId),
    kind: 'JOURNAL',
    gsi1pk: keys.entityIndex(entry.entityRef),
    gsi1sk: entry.entryId,
    ...entry,
  };
}

function aggregateItem(aggregate: Aggregate): Record<string, unknown> {
  switch (aggregate.type) {
    case 'pledge': {
      const orgId = aggregate.value.createdBy.startsWith('org:') ? aggregate.value.createdBy.slice(4) : undefined;
      const index = orgId ? { gsi1pk: keys.orgPledgesIndex(orgId), gsi1sk: aggregate.value.id } : {};
      const { dueDate, status, fundId, id } = aggregate.value;
      // Sparse: only open pledges with a due date, so the overdue list is one range query.
      const due = dueDate && (status === 'PLEDGED' || status === 'PARTIALLY_RECEIVED') ? { gsi2pk: keys.duePledgesIndex(fundId), gsi2sk: `${dueDate}#${id}` } : {};
      return { ...keys.pledge(aggregate.value.id), kind: 'PLEDGE', ...index, ...due, ...aggregate.value };
    }
    case 'receipt':
      return { ...keys.receipt(aggregate.value.id), kind: 'RECEIPT', ...aggregate.value };
    case 'disbursement':
      return {
        ...keys.disbursement(aggregate.value.id),
        kind: 'DISBURSEMENT',
        gsi1pk: keys.fundDisbursementsIndex(aggregate.value.fundId),
        gsi1sk: aggregate.value.id,
        ...aggregate.value,
      };
    case 'organisation':
      return { ...keys.organisation(aggregate.value.id), kind: 'ORGANISATION', ...aggregate.value };
    case 'apiKey':
      return { ...keys.apiKey(aggregate.value.keyHash), kind: 'APIKEY', ...aggregate.value };
    case 'statement':
    case 'statementLine':
      return statementItem(aggregate);
  }
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

function transactItem(op: WriteOp, TableName: string): TransactItem {
  const notExists = 'attribute_not_exists(pk)';
  switch (op.op) {
    case 'create':
      return { Put: { TableName, Item: aggregateItem(op.aggregate), ConditionExpression: notExists } };
    case 'update':
      return {
        Put: {
          TableName,
          Item: aggregateItem(op.aggregate),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': op.expectedVersion },
        },
      };
    case 'reference':
      return {
        Put: { TableName, Item: { ...keys.ref(op.ref), kind: 'REF', entityType: op.entityType, entityId: op.entityId }, ConditionExpression: notExists },
      };
    case 'unique':
      return { Put: { TableName, Item: { ...keys.unique(op.name), kind: 'UNIQUE', owner: op.owner }, ConditionExpression: notExists } };
    case 'journal':
      return { Put: { TableName, Item: journalItem(op.entry), ConditionExpression: notExists } };
    case 'idempotency':
      return { Put: { TableName, Item: idempotencyItem(op.record), ConditionExpression: notExists } };
    case 'fundOpen':
      return {
        ConditionCheck: {
          TableName,
          Key: keys.fund(op.fundId),
          ConditionExpression: 'attribute_exists(pk) AND #status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'OPEN' },
        },
      };
    case 'fundBalance': {
      const received = op.change.received ?? 0;
      const approved = op.change.approved ?? 0;
      const disbursed = op.change.disbursed ?? 0;
      const values: Record<string, unknown> = {
        ':r': received,
        ':a': approved,
        ':d': disbursed,
        ':v': received - approved - disbursed,
      };
      let ConditionExpression: string | undefined;
      if (op.requireAvailable !== undefined) {
        ConditionExpression = 'available >= :need';
        values[':need'] = op.requireAvailable;
      }
      return {
        Update: {
          TableName,
          Key: keys.fundBalance(op.fundId),
          UpdateExpression: 'ADD received :r, approved :a, disbursed :d, available :v SET kind = :kind',
          ConditionExpression,
          ExpressionAttributeValues: { ...values, ':kind': 'FUND_BALANCE' },
        },
      };
    }
    case 'statementCounters':
      return { Update: { TableName, ...statementCountersUpdate(op.statementId, op.change) } };
  }
}

function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

function decodeCursor(cursor: string | undefined, expectedPk: string): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (key.pk !== expectedPk || typeof key.sk !== 'string') throw new Error('cursor of another list');
    return { pk: key.pk, sk: key.sk };
  } catch (error) {
    throw new ValidationError('Invalid cursor', [{ path: 'query.cursor', message: 'is not a cursor from this list' }], { cause: error });
  }
}

export async function getItem<T>(key: { pk: string; sk: string }, consistent = true): Promise<T | null> {
  const result = await call(() => dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: consistent })));
  return strip<T>(result.Item);
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
    ...statementQueries(),

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

    async commit(ops) {
      const TableName = tableName();
      try {
        await dynamo().send(new TransactWriteCommand({ TransactItems: ops.map((op) => transactItem(op, TableName)) }));
      } catch (error) {
        if (errorName(error) === 'TransactionCanceledException') {
          const codes = cancellationReasons(error).map((r) => r.Code);
          const failed = codes.indexOf('ConditionalCheckFailed');
          if (failed >= 0) {
            const op = ops[failed]!;
            if (op.op === 'idempotency') throw new IdempotencyRecordExistsError('idempotency record exists', undefined, { cause: error });
            throw new CommitRejectedError(op.op === 'create' || op.op === 'update' ? `${op.op}:${op.aggregate.type}` : op.op, failed, { cause: error });
          }
        }
        throw translateDynamoError(error);
      }
    },

    getPledge: (id) => getItem<Pledge>(keys.pledge(id)),
    getReceipt: (id) => getItem<Receipt>(keys.receipt(id)),
    getDisbursement: (id) => getItem<Disbursement>(keys.disbursement(id)),
    getOrganisation: (id) => getItem<Organisation>(keys.organisation(id)),
    getApiKeyByHash: (hash) => getItem<ApiKeyRecord>(keys.apiKey(hash), false),

    async getDisbursementByRef(ref) {
      const guard = await getItem<{ entityType: string; entityId: string }>(keys.ref(ref));
      if (!guard || guard.entityType !== 'disbursement') return null;
      return getItem<Disbursement>(keys.disbursement(guard.entityId));
    },

    async listPledgesByOrganisation(orgId) {
      const items = await queryAll<Record<string, unknown>>({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.orgPledgesIndex(orgId) },
      });
      return items.map((item) => strip<Pledge>(item)!);
    },

    async listDisbursements(fundId) {
      const items = await queryAll<Record<string, unknown>>({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.fundDisbursementsIndex(fundId) },
      });
      return items.map((item) => strip<Disbursement>(item)!);
    },

    async getFundBalance(fundId) {
      const balance = await getItem<Partial<FundBalance>>(keys.fundBalance(fundId));
      return {
        received: Number(balance?.received ?? 0),
        approved: Number(balance?.approved ?? 0),
        disbursed: Number(balance?.disbursed ?? 0),
        available: Number(balance?.available ?? 0),
      };
    },

    async listJournal(fundId, { cursor, limit }) {
      const pk = keys.journalPartition(fundId);
      const page = await call(() =>
        dynamo().send(
          new QueryCommand({
            TableName: tableName(),
            KeyConditionExpression: 'pk = :p',
            ExpressionAttributeValues: { ':p': pk },
            ExclusiveStartKey: decodeCursor(cursor, pk),
            Limit: limit,
          }),
        ),
      );
      return { items: (page.Items ?? []).map((item) => strip<JournalEntry>(item)!), cursor: encodeCursor(page.LastEvaluatedKey) };
    },

    async listEntityJournal(entityRef) {
      const items = await queryAll<Record<string, unknown>>({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.entityIndex(entityRef) },
      });
      return items.map((item) => strip<JournalEntry>(item)!);
    },
  };
}
