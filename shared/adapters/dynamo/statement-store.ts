/**
 * The bank-statement part of the DynamoDB ledger adapter: statement and line items,
 * their indexes, the processing lease and the batched reads the importer needs.
 *
 * Items:
 * - `STMT#<id>` / `META`: the statement, its counters (changed only with ADD) and its lease;
 *   gsi1 `STMTS#<fundId>` lists a fund's statements.
 * - `STMTLINE#<fundId>#<lineId>` / `LINE`: one line under its identity, written with
 *   attribute_not_exists in the transaction that books it, so a line is imported once whatever
 *   statement or retry brings it again; gsi1 `STMTLINES#<statementId>` by `<status>#<lineNo>`,
 *   and, while it waits for a person, gsi2 `REVIEW#<fundId>`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Disbursement } from '../../domain/disbursements';
import type { Pledge } from '../../domain/pledges';
import { COUNTERS, type CounterName, type Statement, type StatementLineRecord } from '../../domain/statements/statement';
import { ConflictError, ServiceUnavailableError, ValidationError } from '../../errors';
import type { Aggregate, LedgerStore, Page, StatementProgress } from '../../usecases/ports';
import { dynamo, tableName } from './client';
import { errorName, translateDynamoError } from './errors';
import { call, getItem, queryAll, strip } from './ledger-store';
import { keys } from './keys';

type Item = Record<string, unknown>;
const pad = (n: number) => String(n).padStart(9, '0');
const COUNTER_SET = new Set<string>(COUNTERS);

export function statementItem(aggregate: Extract<Aggregate, { type: 'statement' | 'statementLine' }>): Item {
  if (aggregate.type === 'statement') {
    const s = aggregate.value;
    return { ...keys.statement(s.id), kind: 'STATEMENT', gsi1pk: keys.fundStatementsIndex(s.fundId), gsi1sk: s.id, ...s };
  }
  const line = aggregate.value;
  const review = line.status === 'UNMATCHED' || line.status === 'FLAGGED';
  return {
    ...keys.statementLine(line.fundId, line.lineId),
    kind: 'STATEMENT_LINE',
    gsi1pk: keys.statementLinesIndex(line.statementId),
    gsi1sk: `${line.status}#${pad(line.lineNo)}`,
    ...(review ? { gsi2pk: keys.linesToReviewIndex(line.fundId), gsi2sk: `${line.valueDate}#${line.lineId}` } : {}),
    ...line,
  };
}

/** ADD to the counters; only to a statement that exists. */
export function statementCountersUpdate(statementId: string, change: Partial<Record<CounterName, number>>) {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const parts: string[] = [];
  for (const [name, value] of Object.entries(change)) {
    if (!COUNTER_SET.has(name)) throw new Error(`not a statement counter: ${name}`);
    if (!value) continue;
    names[`#c${parts.length}`] = name;
    values[`:c${parts.length}`] = value;
    parts.push(`#c${parts.length} :c${parts.length}`);
  }
  if (parts.length === 0) {
    names['#c0'] = 'imported';
    values[':c0'] = 0;
    parts.push('#c0 :c0');
  }
  return {
    Key: keys.statement(statementId),
    UpdateExpression: `ADD ${parts.join(', ')}`,
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

function encodeIndexCursor(key: Item | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

function decodeIndexCursor(cursor: string | undefined, index: 'gsi1' | 'gsi2', partition: string): Item | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Item;
    const names = ['pk', 'sk', `${index}pk`, `${index}sk`];
    if (key[`${index}pk`] !== partition || Object.keys(key).length !== 4 || !names.every((n) => typeof key[n] === 'string')) {
      throw new Error('cursor of another list');
    }
    return key;
  } catch (error) {
    throw new ValidationError('Invalid cursor', [{ path: 'query.cursor', message: 'is not a cursor from this list' }], { cause: error });
  }
}

async function queryPage<T>(input: Omit<QueryCommandInput, 'TableName'>): Promise<Page<T>> {
  const page = await call(() => dynamo().send(new QueryCommand({ TableName: tableName(), ...input })));
  return { items: (page.Items ?? []).map((item) => strip<T>(item)!), cursor: encodeIndexCursor(page.LastEvaluatedKey) };
}

/** BatchGetItem in chunks of 100, until nothing is left unprocessed. */
async function batchGet(keyList: { pk: string; sk: string }[]): Promise<Item[]> {
  const TableName = tableName();
  const out: Item[] = [];
  const unique = [...new Map(keyList.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Item[] = unique.slice(i, i + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(Math.min(1000, 20 * 2 ** attempt));
      if (attempt > 10) throw new ServiceUnavailableError('The ledger is busy; retry shortly');
      const result = await call(() =>
        dynamo().send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: pending, ConsistentRead: true } } })),
      );
      out.push(...(result.Responses?.[TableName] ?? []));
      pending = (result.UnprocessedKeys?.[TableName]?.Keys ?? []) as Item[];
    }
  }
  return out;
}

const STATEMENT_PROGRESS_FIELDS = new Set([
  'status',
  'etag',
  'facts',
  'linesValidated',
  'linesProcessed',
  'errors',
  'validatedAt',
  'completedAt',
  'failedAt',
  'leaseUntil',
]);

export function statementQueries(): Pick<
  LedgerStore,
  | 'getStatement'
  | 'listStatements'
  | 'leaseStatement'
  | 'saveStatementProgress'
  | 'getStatementLines'
  | 'getStatementLine'
  | 'listStatementLines'
  | 'listLinesToReview'
  | 'findByRefs'
  | 'listOverduePledges'
> {
  return {
    getStatement: (id) => getItem<Statement>(keys.statement(id)),

    listStatements(fundId, { cursor, limit }) {
      const partition = keys.fundStatementsIndex(fundId);
      return queryPage<Statement>({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': partition },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeIndexCursor(cursor, 'gsi1', partition),
      });
    },

    async leaseStatement(id, owner, now, until) {
      try {
        const result = await dynamo().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.statement(id),
            UpdateExpression: 'SET leaseOwner = :o, leaseUntil = :u',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :o)',
            ExpressionAttributeValues: { ':o': owner, ':u': until, ':now': now },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return strip<Statement>(result.Attributes);
      } catch (error) {
        if (errorName(error) === 'ConditionalCheckFailedException') return null;
        throw translateDynamoError(error);
      }
    },

    async saveStatementProgress(id, owner, progress: StatementProgress) {
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':owner': owner };
      const set: string[] = [];
      const add: string[] = [];
      for (const [name, value] of Object.entries(progress.set ?? {})) {
        if (!STATEMENT_PROGRESS_FIELDS.has(name)) throw new Error(`not a statement progress field: ${name}`);
        if (value === undefined) continue;
        names[`#s${set.length}`] = name;
        values[`:s${set.length}`] = value;
        set.push(`#s${set.length} = :s${set.length}`);
      }
      for (const [name, value] of Object.entries(progress.add ?? {})) {
        if (!COUNTER_SET.has(name)) throw new Error(`not a statement counter: ${name}`);
        if (!value) continue;
        names[`#a${add.length}`] = name;
        values[`:a${add.length}`] = value;
        add.push(`#a${add.length} :a${add.length}`);
      }
      let condition = 'leaseOwner = :owner';
      if (progress.expectLinesProcessed !== undefined) {
        condition += ' AND linesProcessed = :expected';
        values[':expected'] = progress.expectLinesProcessed;
      }
      const clauses = [set.length ? `SET ${set.join(', ')}` : '', add.length ? `ADD ${add.join(', ')}` : '', progress.release ? 'REMOVE leaseOwner, leaseUntil' : '']
        .filter(Boolean)
        .join(' ');
      try {
        const result = await dynamo().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.statement(id),
            UpdateExpression: clauses || 'SET leaseOwner = :owner',
            ConditionExpression: condition,
            ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return strip<Statement>(result.Attributes)!;
      } catch (error) {
        if (errorName(error) === 'ConditionalCheckFailedException') {
          throw new ConflictError(`Statement ${id} is being processed by someone else, or its checkpoint moved`, undefined, { cause: error });
        }
        throw translateDynamoError(error);
      }
    },

    async getStatementLines(fundId, lineIds) {
      const items = await batchGet(lineIds.map((lineId) => keys.statementLine(fundId, lineId)));
      const lines = items.map((item) => strip<StatementLineRecord>(item)!);
      return new Map(lines.map((line) => [line.lineId, line]));
    },

    getStatementLine: (fundId, lineId) => getItem<StatementLineRecord>(keys.statementLine(fundId, lineId)),

    listStatementLines(statementId, { status, cursor, limit }) {
      const partition = keys.statementLinesIndex(statementId);
      return queryPage<StatementLineRecord>({
        IndexName: 'gsi1',
        KeyConditionExpression: status ? 'gsi1pk = :p AND begins_with(gsi1sk, :s)' : 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': partition, ...(status ? { ':s': `${status}#` } : {}) },
        Limit: limit,
        ExclusiveStartKey: decodeIndexCursor(cursor, 'gsi1', partition),
      });
    },

    async listLinesToReview(fundId, limit) {
      const lines: StatementLineRecord[] = [];
      let ExclusiveStartKey: Item | undefined;
      do {
        const page = await call(() =>
          dynamo().send(
            new QueryCommand({
              TableName: tableName(),
              IndexName: 'gsi2',
              KeyConditionExpression: 'gsi2pk = :p',
              ExpressionAttributeValues: { ':p': keys.linesToReviewIndex(fundId) },
              Limit: limit - lines.length,
              ExclusiveStartKey,
            }),
          ),
        );
        lines.push(...(page.Items ?? []).map((item) => strip<StatementLineRecord>(item)!));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey && lines.length < limit);
      return lines;
    },

    async findByRefs(refs) {
      if (refs.length === 0) return { pledges: [], disbursements: [] };
      const guards = await batchGet(refs.map((ref) => keys.ref(ref)));
      const targets = guards.map((g) =>
        g.entityType === 'pledge' ? keys.pledge(String(g.entityId)) : keys.disbursement(String(g.entityId)),
      );
      const items = await batchGet(targets);
      return {
        pledges: items.filter((i) => i.kind === 'PLEDGE').map((i) => strip<Pledge>(i)!),
        disbursements: items.filter((i) => i.kind === 'DISBURSEMENT').map((i) => strip<Disbursement>(i)!),
      };
    },

    async listOverduePledges(fundId, today) {
      const items = await queryAll<Item>({
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p AND gsi2sk < :today',
        ExpressionAttributeValues: { ':p': keys.duePledgesIndex(fundId), ':today': today },
      });
      return items.map((item) => strip<Pledge>(item)!);
    },
  };
}
