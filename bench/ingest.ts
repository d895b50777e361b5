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
  /** Mean latency of one request at a time: the handler's duration, without queueing behind other requests. */
  handlerMsMean: number;
}

async function rawTransactions(twin: Twin, seconds: number, connections: number): Promise<{ count: number; perSecond: number }> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: twin.dynamoEndpoint, region: 'ap-southeast-1', credentials: LOCAL_CREDENTIALS }));
  const TableName = twin.tableName;
  let count = 0;
  const deadline = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const id = randomUUID();
      const ref = `RAW${id.slice(0, 6)}`;
      // The same five items a pledge writes: idempotency record, fund check, code, pledge, journal entry.
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName, Item: { pk: `IDEMP#raw#${id}`, sk: 'IDEMP', kind: 'IDEMPOTENCY', requestHash: id, status: 201, response: { id, ref } }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { ConditionCheck: { TableName, Key: { pk: 'FUND#cuba-2025', sk: 'META' }, ConditionExpression: 'attribute_exists(pk)' } },
            { Put: { TableName, Item: { pk: `REF#${ref}${count}`, sk: 'REF', kind: 'REF', entityId: id }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName, Item: { pk: `PLEDGE#${id}`, sk: 'META', kind: 'RAWPLEDGE', amount: 100_000, donor: { type: 'individual', name: 'Bench' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName, Item: { pk: 'JOURNAL#bench-raw', sk: id, kind: 'RAWJOURNAL', deltas: { pledged: 100_000 } }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
      count++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: connections }, worker));
  client.destroy();
  return { count, perSecond: count / ((Date.now() - started) / 1000) };
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
  const sequential = await pledges(sequentialSeconds, 1);
  const capacity = { reads: meter.readUnits / Math.max(1, sequential['2xx']), writes: meter.writeUnits / Math.max(1, sequential['2xx']) };
  const localPerPledge = meter.localTransactionUnits / Math.max(1, meter.transactions);
  const itemsPerTransaction = meter.transactionItems / Math.max(1, meter.transactions);
  meter.stop();

  progress(`ingest: HTTP for ${options.seconds}s with ${options.connections} connections`);
  const http = await pledges(options.seconds, options.connections);
  const created = http['2xx'];

  progress(`ingest: raw TransactWriteItems for ${options.seconds}s with ${options.connections} workers`);
  const raw = await rawTransactions(twin, options.seconds, options.connections);
  const httpPerSecond = created / options.seconds;
  const ratio = httpPerSecond / raw.perSecond;
  const errors = http.non2xx + http.errors + http.timeouts;
  return {
    httpPerSecond,
    rawPerSecond: raw.perSecond,
    capacityPerPledge: capacity,
    handlerMsMean: sequential.latency.average,
    section: {
      title: 'Pledge ingest: HTTP twin vs raw DynamoDB Local transactions',
      body: `On one DynamoDB Local: one connection for ${sequentialSeconds} s (what a single Lambda instance spends on a pledge, the cost model's duration), then ${options.connections} concurrent connections for ${options.seconds} s, then the raw path with ${options.connections} workers for ${options.seconds} s. The HTTP path runs the real handler (validation, idempotency read, fund read, a 5-item transaction); the raw path sends the same 5-item TransactWriteItems directly. The ratio compares the two ${options.connections}-way rates.

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

