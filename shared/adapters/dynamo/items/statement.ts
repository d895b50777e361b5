/**
 * Statements and their lines (DESIGN §9).
 * - `STMT#<id>` / `META`: the statement, its counters (changed only with ADD), its checkpoint and
 *   its lease; gsi1 `STMTS#<fundId>` by id lists a fund's statements.
 * - `STMTB#<statementId>` / `B#<first line no>`: a batch of its lines, created once with
 *   `attribute_not_exists` (a batch is written once whatever reruns it) and replaced with a
 *   version check by a clerk's decision. The lines are one JSON attribute: a few hundred records
 *   marshal as one string, not as thousands of attributes; `having` lists the classes and review
 *   statuses in it, so a scan for one status reads past the others on the server.
 * - `IDX#<account>#<valueDate>` / `HEAD` and `C#<statementId>#<first line no>`: the day index,
 *   its fence and one chunk of prints per batch (prints as one newline-separated string).
 * - `BANKREFS#<fundId>` / `COUNT`: receipts recorded by hand with a bank reference.
 */
import type { IndexChunk } from '../../../domain/statements/identity';
import { COUNTERS, type CounterName, type LineBatch, type Statement } from '../../../domain/statements/statement';
import type { WriteOp } from '../../../usecases/ports/transaction';
import { fromItem, keys, type Item, type TransactItem } from '../table';

const COUNTER_SET = new Set<string>(COUNTERS);

export function statementItem(statement: Statement): Item {
  return { ...keys.statement(statement.id), kind: 'STATEMENT', gsi1pk: keys.fundStatementsIndex(statement.fundId), gsi1sk: statement.id, ...statement };
}

/** The classes and review statuses a batch's lines are in. */
export function batchHaving(batch: LineBatch): string[] {
  const having = new Set<string>();
  for (const line of batch.lines) {
    having.add(line.class);
    if (line.status) having.add(line.status);
    if (line.heldReason) having.add(line.heldReason);
  }
  return [...having].sort();
}

export function batchItem(batch: LineBatch): Item {
  const { lines, ...rest } = batch;
  return { ...keys.statementBatch(batch.statementId, batch.firstLineNo), kind: 'STATEMENT_BATCH', ...rest, having: batchHaving(batch), linesJson: JSON.stringify(lines) };
}

export function batchFrom(item: Item): LineBatch {
  const { linesJson, having: _having, ...rest } = fromItem<Record<string, unknown>>(item)!;
  return { ...(rest as Omit<LineBatch, 'lines'>), lines: JSON.parse(String(linesJson)) as LineBatch['lines'] };
}

export function indexChunkItem(op: Extract<WriteOp, { op: 'indexChunk' }>): Item {
  const { chunk } = op;
  return {
    ...keys.indexChunk(op.account, op.valueDate, chunk.statementId, chunk.firstLineNo),
    kind: 'INDEX_CHUNK',
    statementId: chunk.statementId,
    firstLineNo: chunk.firstLineNo,
    ...(chunk.cover ? { cover: chunk.cover } : {}),
    prints: chunk.prints.join('\n'),
  };
}

export function indexChunkFrom(item: Item): IndexChunk {
  const prints = String(item.prints ?? '');
  return {
    statementId: String(item.statementId),
    firstLineNo: Number(item.firstLineNo),
    ...(item.cover ? { cover: item.cover as IndexChunk['cover'] } : {}),
    prints: prints === '' ? [] : prints.split('\n'),
  };
}

/** The day's version moves on by one, only from the version the writer read (0: no head yet). */
export function dayHeadUpdate(op: Extract<WriteOp, { op: 'dayHead' }>, TableName: string): TransactItem {
  return {
    Update: {
      TableName,
      Key: keys.dayHead(op.account, op.valueDate),
      UpdateExpression: 'SET version = :next, kind = :kind',
      ConditionExpression: op.expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
      ExpressionAttributeValues: { ':next': op.expectedVersion + 1, ':kind': 'DAY_HEAD', ...(op.expectedVersion === 0 ? {} : { ':expected': op.expectedVersion }) },
    },
  };
}

export function dayUnchangedCheck(op: Extract<WriteOp, { op: 'dayUnchanged' }>, TableName: string): TransactItem {
  return {
    ConditionCheck: {
      TableName,
      Key: keys.dayHead(op.account, op.valueDate),
      ConditionExpression: op.version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
      ...(op.version === 0 ? {} : { ExpressionAttributeValues: { ':v': op.version } }),
    },
  };
}

export function bankRefRecordedUpdate(fundId: string, TableName: string): TransactItem {
  return { Update: { TableName, Key: keys.bankRefs(fundId), UpdateExpression: 'ADD #c :one SET kind = :kind', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':one': 1, ':kind': 'BANK_REFS' } } };
}

export function bankRefsUnchangedCheck(op: Extract<WriteOp, { op: 'bankRefsUnchanged' }>, TableName: string): TransactItem {
  return {
    ConditionCheck: {
      TableName,
      Key: keys.bankRefs(op.fundId),
      ConditionExpression: op.count === 0 ? 'attribute_not_exists(pk)' : '#c = :n',
      ...(op.count === 0 ? {} : { ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':n': op.count } }),
    },
  };
}

export function assertCounter(name: string): void {
  if (!COUNTER_SET.has(name)) throw new Error(`not a statement counter: ${name}`);
}

/** ADD to the counters, only to a statement that exists; with a checkpoint, held to the lease and the previous checkpoint. */
export function statementCountersUpdate(op: Pick<Extract<WriteOp, { op: 'statementCounters' }>, 'statementId' | 'change' | 'checkpoint'>) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const parts: string[] = [];
  for (const [name, value] of Object.entries(op.change) as [CounterName, number][]) {
    assertCounter(name);
    if (!value) continue;
    names[`#c${parts.length}`] = name;
    values[`:c${parts.length}`] = value;
    parts.push(`#c${parts.length} :c${parts.length}`);
  }
  if (parts.length === 0) {
    names['#c0'] = 'counted';
    values[':c0'] = 0;
    parts.push('#c0 :c0');
  }
  let UpdateExpression = `ADD ${parts.join(', ')}`;
  let ConditionExpression = 'attribute_exists(pk)';
  const { checkpoint } = op;
  if (checkpoint) {
    UpdateExpression += ', #lp :step SET leaseUntil = :until';
    ConditionExpression += ' AND leaseOwner = :owner AND #lp = :from';
    names['#lp'] = 'linesProcessed';
    Object.assign(values, { ':step': checkpoint.to - checkpoint.from, ':until': checkpoint.leaseUntil, ':owner': checkpoint.owner, ':from': checkpoint.from });
  }
  return {
    Key: keys.statement(op.statementId),
    UpdateExpression,
    ConditionExpression,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
