/**
 * Pledge ingest through the twin's HTTP layer (autocannon), against raw DynamoDB Local
 * TransactWriteItems of the same items, in the same run, on the same database.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS } from '../infra/local/services';
import type { Twin } from '../infra/local/twin';
import { dynamo } from '../shared/adapters/dynamo/table';
import { isTotalsConsumerCall, meterCapacity } from './capacity';
import { fmt, progress, table, type Section } from './lib';

export interface IngestResult {
  section: Section;
  httpPerSecond: number;
  rawPerSecond: number;
  /** Read and write units per pledge on the HTTP path, as AWS bills them (bench/capacity.ts). */
  capacityPerPledge: { reads: number; writes: number };
  itemsPerTransaction: number;
  /** Mean latency of one request at a time: the handler's duration, without queueing behind other requests. */
  handlerMsMean: number;
}

export type Template = { Put?: { Item?: Record<string, unknown> } & Record<string, unknown> } & Record<string, unknown>;

/**
 * The raw path: the very transaction the HTTP path sent for one pledge (captured from the SDK),
 * sent again with fresh keys, so both paths write the same shape and size. The journal entry's
 * kind is changed so the totals consumer's filter leaves these alone.
 */
export async function rawTransactions(twin: Twin, template: Template[], seconds: number, connections: number): Promise<{ count: number; perSecond: number }> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: twin.dynamoEndpoint, region: 'ap-southeast-1', credentials: LOCAL_CREDENTIALS }));
  let count = 0;
  const deadline = Date.now() + seconds * 1000;
  const fresh = (): Template[] => {
    const id = randomUUID().replace(/-/g, '').toUpperCase();
    return template.map((action) => {
      const item = action.Put?.Item;
      if (!item) return action;
      const pk = String(item.pk);
      if (pk.startsWith('PLEDGE#')) return { ...action, Put: { ...action.Put, Item: { ...item, pk: `PLEDGE#RAW${id.slice(0, 12)}` } } };
      if (pk.startsWith('JOURNAL#')) return { ...action, Put: { ...action.Put, Item: { ...item, kind: 'RAWJOURNAL', pk: pk.replace(/^JOURNAL#[^#]+/, 'JOURNAL#bench-raw'), sk: `${String(item.sk).slice(0, 10)}${id}`.slice(0, String(item.sk).length) } } };
      return action;
    });
  };
  const worker = async () => {
    while (Date.now() < deadline) {
      await client.send(new TransactWriteCommand({ TransactItems: fresh() as never }));
      count++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: connections }, worker));
  client.destroy();
  return { count, perSecond: count / ((Date.now() - started) / 1000) };
}

/** Records the first pledge transaction `client` sends. */
export function captureTransaction(client: ReturnType<typeof dynamo>): { template: () => Template[]; stop(): void } {
  const name = `benchCapture-${Math.random().toString(36).slice(2)}`;
  let captured: Template[] | undefined;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TransactItems?: Template[] };
      if (!captured && (context as { commandName?: string }).commandName?.startsWith('TransactWrite') && input.TransactItems?.some((a) => String(a.Put?.Item?.pk ?? '').startsWith('PLEDGE#'))) {
        captured = structuredClone(input.TransactItems);
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return {
    template: () => {
      if (!captured) throw new Error('no pledge transaction was captured');
      return captured;
    },
    stop: () => client.middlewareStack.remove(name),
  };
}

export async function benchIngest(twin: Twin, options: { seconds: number; connections: number }): Promise<IngestResult> {
  const body = JSON.stringify({ fundId: 'cuba-2025', donor: { type: 'individual', name: 'Nguyễn Văn Bench' }, amount: 100_000, publishName: true });
  const pledges = (duration: number, connections: number) =>
    autocannon({
      url: `${twin.url}/v1/pledges`,
      duration,
      connections,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }) }],
    });

  progress(`ingest: warm-up`);
  await pledges(2, 2);

  // One request at a time: what one Lambda instance spends on a pledge (the cost model's duration).
  const sequentialSeconds = Math.max(3, Math.round(options.seconds / 4));
  progress(`ingest: one connection for ${sequentialSeconds}s (handler duration)`);
  // The totals consumer runs in this process too: its transactions are counted with the aggregation figures.
  const meter = meterCapacity(dynamo(), { skip: isTotalsConsumerCall });
  const capture = captureTransaction(dynamo());
  const sequential = await pledges(sequentialSeconds, 1);
  const capacity = { reads: meter.readUnits / Math.max(1, sequential['2xx']), writes: meter.writeUnits / Math.max(1, sequential['2xx']) };
  const localPerPledge = meter.localTransactionUnits / Math.max(1, meter.transactions);
  const itemsPerTransaction = meter.transactionItems / Math.max(1, meter.transactions);
  meter.stop();
  capture.stop();

  progress(`ingest: HTTP for ${options.seconds}s with ${options.connections} connections`);
  const http = await pledges(options.seconds, options.connections);
  const created = http['2xx'];

  progress(`ingest: raw TransactWriteItems for ${options.seconds}s with ${options.connections} workers`);
  const raw = await rawTransactions(twin, capture.template(), options.seconds, options.connections);
  const httpPerSecond = created / options.seconds;
  const ratio = httpPerSecond / raw.perSecond;
  const errors = http.non2xx + http.errors + http.timeouts;
  return {
    httpPerSecond,
    rawPerSecond: raw.perSecond,
    capacityPerPledge: capacity,
    itemsPerTransaction,
    handlerMsMean: sequential.latency.average,
    section: {
      title: 'Pledge ingest: HTTP twin vs raw DynamoDB Local transactions',
      body: `On one DynamoDB Local: one connection for ${sequentialSeconds} s (what a single Lambda instance spends on a pledge, the cost model's duration), then ${options.connections} concurrent connections for ${options.seconds} s, then the raw path with ${options.connections} workers for ${options.seconds} s. The HTTP path runs the real handler (validation, the fund from the instance's cache, no read before the write, one ${fmt(itemsPerTransaction, 1)}-item transaction: the pledge keyed by its code with its creation record, and the journal entry); the raw path sends that same transaction (captured from the HTTP path, fresh keys) directly. The ratio compares the two ${options.connections}-way rates.

${table(
  ['path', 'pledges/s', 'p50 ms', 'p99 ms', 'errors'],
  [
    ['HTTP `POST /v1/pledges`, one connection', fmt(sequential['2xx'] / sequentialSeconds, 1), fmt(sequential.latency.p50), fmt(sequential.latency.p99), String(sequential.non2xx + sequential.errors + sequential.timeouts)],
    [`HTTP \`POST /v1/pledges\`, ${options.connections} connections (autocannon)`, fmt(httpPerSecond, 1), fmt(http.latency.p50), fmt(http.latency.p99), String(errors)],
    ['raw `TransactWriteItems`', fmt(raw.perSecond, 1), '–', '–', '0'],
    ['**ratio HTTP / raw**', `**${fmt(ratio, 2)}**`, '', '', ''],
  ],
)}

Capacity per pledge on the HTTP path (one-connection pass, bench/capacity.ts): ${fmt(capacity.reads, 2)} RRU from ReturnConsumedCapacity, ${fmt(capacity.writes, 2)} WRU as AWS bills the ${fmt(itemsPerTransaction, 1)}-item transaction (2 per item-KB, plus index writes); DynamoDB Local itself reported ${fmt(localPerPledge, 1)} units per transaction (it counts 2 per table or index a transaction touches, not per item). Mean duration of one pledge, one at a time: ${fmt(sequential.latency.average, 1)} ms.`,
    },
  };
}

