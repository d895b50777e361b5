/**
 * The DynamoDB capacity a run consumes, for the cost model: every call asks for
 * ReturnConsumedCapacity and the answers are added up, except for transactions.
 *
 * DynamoDB Local reports 2 capacity units per table or index a TransactWriteItems call touches,
 * whatever it holds (a 1-item and a 52-item transaction both answer `CapacityUnits: 2`), while AWS
 * bills 2 write units per item and KB. So a transaction's write units are computed from the items actually sent, by
 * AWS's published rules: each action 2 WRU per KB of its item, rounded up per item (a Put's size
 * from its attributes; an Update, Delete or ConditionCheck counted as 1 KB, which the small
 * counter, balance and guard items they touch are within), plus 1 WRU per KB for each global
 * secondary index a Put writes to (index propagation runs after the commit, as a standard write).
 * Local's own figure is kept beside it.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface CapacityMeter {
  readUnits: number;
  writeUnits: number;
  /** What DynamoDB Local reported for the transactions, for comparison. */
  localTransactionUnits: number;
  calls: number;
  transactions: number;
  transactionItems: number;
  reset(): void;
  stop(): void;
}

const READS = new Set(['GetItemCommand', 'GetCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'BatchGetCommand', 'TransactGetItemsCommand', 'TransactGetCommand']);
const TRANSACT_WRITE = new Set(['TransactWriteItemsCommand', 'TransactWriteCommand']);
const INDEX_KEYS = [['gsi1pk', 'gsi1sk'], ['gsi2pk', 'gsi2sk']] as const;

/** DynamoDB's item size rules, applied to a native (document client) value. */
function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value).replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
    return Math.ceil(Math.max(1, digits) / 2) + 1;
  }
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...(value as Set<unknown>)].reduce<number>((sum, v) => sum + valueSize(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, v) => sum + 1 + valueSize(v), 0);
  if (typeof value === 'object') return 3 + Object.entries(value).reduce((sum, [k, v]) => (v === undefined ? sum : sum + Buffer.byteLength(k) + 1 + valueSize(v)), 0);
  return 0;
}

export function itemSize(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((sum, [k, v]) => (v === undefined ? sum : sum + Buffer.byteLength(k) + valueSize(v)), 0);
}

type TransactItem = { Put?: { Item?: Record<string, unknown> }; Update?: unknown; Delete?: unknown; ConditionCheck?: unknown };

/** Write units AWS bills for one TransactWriteItems call. */
export function transactionWriteUnits(items: readonly TransactItem[]): number {
  let units = 0;
  for (const action of items) {
    const item = action.Put?.Item;
    if (!item) {
      units += 2;
      continue;
    }
    const kb = Math.max(1, Math.ceil(itemSize(item) / 1024));
    units += 2 * kb;
    for (const [pk, sk] of INDEX_KEYS) if (item[pk] !== undefined && item[sk] !== undefined) units += kb;
  }
  return units;
}

/** A call of the totals consumer: a transaction that holds a checkpoint link, or a read of a checkpoint chain. */
export function isTotalsConsumerCall(input: { TransactItems?: TransactItem[]; ExpressionAttributeValues?: Record<string, unknown> }): boolean {
  const partition = input.ExpressionAttributeValues?.[':p'];
  if (typeof partition === 'string' && partition.startsWith('CHECKPOINT#')) return true;
  return input.TransactItems?.some((item) => item.Put?.Item?.kind === 'TOTALS_CHECKPOINT') ?? false;
}

/**
 * Adds a middleware to `client` that meters every call while `active()` holds (default: always),
 * leaving out the calls `skip` names (another function's work in the same process).
 */
export function meterCapacity(
  client: DynamoDBDocumentClient,
  options: { active?: () => boolean; skip?: (input: { TransactItems?: TransactItem[]; ExpressionAttributeValues?: Record<string, unknown> }) => boolean } = {},
): CapacityMeter {
  const name = `benchCapacity-${Math.random().toString(36).slice(2)}`;
  const meter: CapacityMeter = {
    readUnits: 0,
    writeUnits: 0,
    localTransactionUnits: 0,
    calls: 0,
    transactions: 0,
    transactionItems: 0,
    reset() {
      meter.readUnits = meter.writeUnits = meter.localTransactionUnits = meter.calls = meter.transactions = meter.transactionItems = 0;
    },
    stop() {
      client.middlewareStack.remove(name);
    },
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string; TransactItems?: TransactItem[]; ExpressionAttributeValues?: Record<string, unknown> };
      if ((options.active && !options.active()) || options.skip?.(input)) return next(args);
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const command = (context as { commandName?: string }).commandName ?? '';
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      let reported = 0;
      for (const c of (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as { CapacityUnits?: number }[]) reported += c.CapacityUnits ?? 0;
      meter.calls++;
      if (TRANSACT_WRITE.has(command)) {
        meter.transactions++;
        meter.transactionItems += input.TransactItems?.length ?? 0;
        meter.localTransactionUnits += reported;
        meter.writeUnits += transactionWriteUnits(input.TransactItems ?? []);
      } else if (READS.has(command)) {
        meter.readUnits += reported;
      } else {
        meter.writeUnits += reported;
      }
      return result;
    },
    { step: 'initialize', name },
  );
  return meter;
}
