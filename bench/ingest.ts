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
import { dynamo } from '../shared/adapters/dynamo/client';
import { fmt, percentile, progress, table, type Section } from './lib';

export interface CapacityMeter {
  reads: number;
  writes: number;
  calls: number;
  reset(): void;
}

/** Asks DynamoDB for the capacity every call consumes and adds it up (the cost model's input). */
export function meterCapacity(): CapacityMeter {
  const meter: CapacityMeter = {
    reads: 0,
    writes: 0,
    calls: 0,
    reset() {
      meter.reads = meter.writes = meter.calls = 0;
    },
  };
  dynamo().middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      for (const c of (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as { ReadCapacityUnits?: number; WriteCapacityUnits?: number; CapacityUnits?: number }[]) {
        meter.reads += c.ReadCapacityUnits ?? 0;
        meter.writes += c.WriteCapacityUnits ?? 0;
        if (c.ReadCapacityUnits === undefined && c.WriteCapacityUnits === undefined) meter.writes += c.CapacityUnits ?? 0;
      }
      meter.calls++;
      return result;
    },
    { step: 'initialize', name: 'capacityMeter', override: true },
  );
  return meter;
}

export interface IngestResult {
  section: Section;
  httpPerSecond: number;
  rawPerSecond: number;
  capacityPerPledge: { reads: number; writes: number };
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
  const meter = meterCapacity();
  const latencies: number[] = [];
  const body = JSON.stringify({ fundId: 'cuba-2025', donor: { type: 'individual', name: 'Nguyễn Văn Bench' }, amount: 100_000, publishName: true });

  progress(`ingest: warm-up`);
  await autocannon({ url: `${twin.url}/v1/pledges`, duration: 2, connections: 2, method: 'POST', headers: { 'content-type': 'application/json' }, body, requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }) }] });
  meter.reset();

  progress(`ingest: HTTP for ${options.seconds}s with ${options.connections} connections`);
  const http = await autocannon({
    url: `${twin.url}/v1/pledges`,
    duration: options.seconds,
    connections: options.connections,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }) }],
  });
  const created = http['2xx'];
  const capacity = { reads: meter.reads / Math.max(1, created), writes: meter.writes / Math.max(1, created) };
  dynamo().middlewareStack.remove('capacityMeter');
  latencies.push(http.latency.p50, http.latency.p97_5 ?? http.latency.p99, http.latency.p99);

  progress(`ingest: raw TransactWriteItems for ${options.seconds}s with ${options.connections} workers`);
  const raw = await rawTransactions(twin, options.seconds, options.connections);
  const httpPerSecond = created / options.seconds;
  const ratio = httpPerSecond / raw.perSecond;
  const errors = http.non2xx + http.errors + http.timeouts;
  return {
    httpPerSecond,
    rawPerSecond: raw.perSecond,
    capacityPerPledge: capacity,
    handlerMsMean: http.latency.average,
    section: {
      title: 'Pledge ingest: HTTP twin vs raw DynamoDB Local transactions',
      body: `${options.connections} concurrent connections for ${options.seconds} s each, on one DynamoDB Local. The HTTP path runs the real handler (validation, idempotency read, fund read, a 5-item transaction); the raw path sends the same 5-item TransactWriteItems directly.

${table(
  ['path', 'pledges/s', 'p50 ms', 'p99 ms', 'errors'],
  [
    ['HTTP `POST /v1/pledges` (autocannon)', fmt(httpPerSecond, 1), fmt(http.latency.p50), fmt(http.latency.p99), String(errors)],
    ['raw `TransactWriteItems`', fmt(raw.perSecond, 1), '–', '–', '0'],
    ['**ratio HTTP / raw**', `**${fmt(ratio, 2)}**`, '', '', ''],
  ],
)}

Consumed capacity per pledge (ReturnConsumedCapacity, HTTP path): ${fmt(capacity.reads, 2)} RCU, ${fmt(capacity.writes, 2)} WCU.`,
    },
  };
}

export { percentile };
