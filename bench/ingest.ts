/**
 * Pledge ingest through the twin's HTTP layer (autocannon, in a process of its own), against raw
 * DynamoDB Local TransactWriteItems of the same items, in the same run, on the same database, with
 * the CPU time each process spends per pledge.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS } from '../infra/local/services';
import type { Twin } from '../infra/local/twin';
import { dynamo } from '../shared/adapters/dynamo/table';
import { isTotalsConsumerCall, meterCapacity } from './capacity';
import { loadInChild } from './http-load';
import { childCpuMs, fmt, ownCpuMs, progress, table, type Section } from './lib';

export interface IngestResult {
  section: Section;
  httpPerSecond: number;
  rawPerSecond: number;
  /** Read and write units per pledge on the HTTP path, as AWS bills them (bench/capacity.ts). */
  capacityPerPledge: { reads: number; writes: number };
  itemsPerTransaction: number;
  /** Mean latency of one request at a time: the handler's duration, without queueing behind other requests. */
  handlerMsMean: number;
  /** CPU ms per pledge in the 16-way passes, by process; undefined where it could not be read. */
  cpuPerPledge: { http: CpuShares; raw: CpuShares };
}

/** CPU ms per pledge: the process that sends to DynamoDB (the twin, or the raw client), the HTTP load generator, DynamoDB Local. */
export interface CpuShares {
  sender: number;
  loadGenerator?: number;
  dynamoLocal?: number;
}

/** CPU used by this process and by DynamoDB Local (its child `java`) while `pass` runs. */
async function metered<T>(pass: () => Promise<T>): Promise<{ result: T; ownMs: number; dynamoLocalMs?: number }> {
  const own = ownCpuMs();
  const java = childCpuMs('java');
  const result = await pass();
  const javaAfter = childCpuMs('java');
  return { result, ownMs: ownCpuMs() - own, dynamoLocalMs: java === undefined || javaAfter === undefined ? undefined : javaAfter - java };
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
  // In a child process: autocannon in this one would take the twin's event loop and core.
  const pledges = (seconds: number, connections: number) =>
    loadInChild({ url: `${twin.url}/v1/pledges`, seconds, connections, method: 'POST', headers: { 'content-type': 'application/json' }, body, idempotencyKeys: true });

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

  // The totals consumer reads the stream and writes counters in this process and in DynamoDB Local.
  // Beside the HTTP pass only (the raw journal entries are filtered out), it took a third of the
  // CPU both share; it is paused for both passes, caught up after, and measured by the aggregation part.
  await twin.waitForTotals(120_000);
  for (const poller of twin.pollers.values()) poller.pause();
  // DynamoDB Local's JVM is still compiling its hot paths here: the same pass ran at half the rate
  // first as third. The two paths alternate in halves, HTTP, raw, raw, HTTP, so warming favours neither.
  const half = options.seconds / 2;
  const httpHalves: Awaited<ReturnType<typeof pledges>>[] = [];
  const rawHalves: Awaited<ReturnType<typeof rawTransactions>>[] = [];
  const cpu = { http: { ownMs: 0, dynamoLocalMs: 0 as number | undefined }, raw: { ownMs: 0, dynamoLocalMs: 0 as number | undefined } };
  const add = (into: { ownMs: number; dynamoLocalMs: number | undefined }, pass: { ownMs: number; dynamoLocalMs?: number }) => {
    into.ownMs += pass.ownMs;
    into.dynamoLocalMs = into.dynamoLocalMs === undefined || pass.dynamoLocalMs === undefined ? undefined : into.dynamoLocalMs + pass.dynamoLocalMs;
  };
  for (const path of ['http', 'raw', 'raw', 'http'] as const) {
    if (path === 'http') {
      progress(`ingest: HTTP for ${half}s with ${options.connections} connections`);
      const pass = await metered(() => pledges(half, options.connections));
      httpHalves.push(pass.result);
      add(cpu.http, pass);
    } else {
      progress(`ingest: raw TransactWriteItems for ${half}s with ${options.connections} workers`);
      const pass = await metered(() => rawTransactions(twin, capture.template(), half, options.connections));
      rawHalves.push(pass.result);
      add(cpu.raw, pass);
    }
  }
  progress('ingest: the totals consumer catches up');
  await twin.waitForTotals(300_000);
  const sum = <T>(items: T[], of: (item: T) => number) => items.reduce((total, item) => total + of(item), 0);
  const created = sum(httpHalves, (h) => h['2xx']);
  const rawCount = sum(rawHalves, (r) => r.count);
  const http = {
    non2xx: sum(httpHalves, (h) => h.non2xx),
    errors: sum(httpHalves, (h) => h.errors),
    timeouts: sum(httpHalves, (h) => h.timeouts),
    p50: sum(httpHalves, (h) => h.latency.p50) / httpHalves.length,
    p99: Math.max(...httpHalves.map((h) => h.latency.p99)),
    cpuMs: sum(httpHalves, (h) => h.cpuMs),
  };
  const raw = { perSecond: sum(rawHalves, (r) => r.perSecond) / rawHalves.length };
  const perPledge = (ms: number | undefined, count: number) => (ms === undefined ? undefined : ms / Math.max(1, count));
  const cpuPerPledge = {
    http: { sender: perPledge(cpu.http.ownMs, created)!, loadGenerator: perPledge(http.cpuMs, created), dynamoLocal: perPledge(cpu.http.dynamoLocalMs, created) },
    raw: { sender: perPledge(cpu.raw.ownMs, rawCount)!, dynamoLocal: perPledge(cpu.raw.dynamoLocalMs, rawCount) },
  };
  const cpuCell = (ms: number | undefined) => (ms === undefined ? '–' : fmt(ms, 2));
  const cpuTotal = (shares: CpuShares) => shares.sender + (shares.loadGenerator ?? 0) + (shares.dynamoLocal ?? 0);
  const httpPerSecond = created / options.seconds;
  const ratio = httpPerSecond / raw.perSecond;
  const errors = http.non2xx + http.errors + http.timeouts;
  return {
    httpPerSecond,
    rawPerSecond: raw.perSecond,
    capacityPerPledge: capacity,
    itemsPerTransaction,
    handlerMsMean: sequential.latency.average,
    cpuPerPledge,
    section: {
      title: 'Pledge ingest: HTTP twin vs raw DynamoDB Local transactions',
      body: `On one DynamoDB Local: one connection for ${sequentialSeconds} s (what a single Lambda instance spends on a pledge, the cost model's duration), then ${options.connections} concurrent connections and the raw path with ${options.connections} workers, ${options.seconds} s each, in halves of ${fmt(half, 1)} s in the order HTTP, raw, raw, HTTP (DynamoDB Local's JVM is still warming: whichever path went first ran slower); p50 is the mean of the two HTTP halves', p99 the larger. The HTTP path runs the real handler (validation, the fund from the instance's cache, no read before the write, one ${fmt(itemsPerTransaction, 1)}-item transaction: the pledge keyed by its code with its creation record, and the journal entry); the raw path sends that same transaction (captured from the HTTP path, fresh keys) directly. The ratio compares the two ${options.connections}-way rates. autocannon runs in a process of its own (before 2026-12-04 it ran in the twin's, on the twin's event loop); the raw workers run in the bench's process, which holds the idle twin. The twin's stream pollers are paused during both ${options.connections}-way passes and catch up after them: the totals consumer ran beside the HTTP pass only (it leaves the raw path's entries alone) and took CPU from both the twin and DynamoDB Local; its cost is the aggregation part's.

${table(
  ['path', 'pledges/s', 'p50 ms', 'p99 ms', 'errors'],
  [
    ['HTTP `POST /v1/pledges`, one connection', fmt(sequential['2xx'] / sequentialSeconds, 1), fmt(sequential.latency.p50), fmt(sequential.latency.p99), String(sequential.non2xx + sequential.errors + sequential.timeouts)],
    [`HTTP \`POST /v1/pledges\`, ${options.connections} connections (autocannon)`, fmt(httpPerSecond, 1), fmt(http.p50), fmt(http.p99), String(errors)],
    ['raw `TransactWriteItems`', fmt(raw.perSecond, 1), '–', '–', '0'],
    ['**ratio HTTP / raw**', `**${fmt(ratio, 2)}**`, '', '', ''],
  ],
)}

CPU time per pledge in the ${options.connections}-way passes, by process (\`process.cpuUsage\`; DynamoDB Local from /proc): on two shared cores the processes compete for the same CPU, so what the HTTP path spends beside DynamoDB Local is what it gives up against the raw rate.

${table(
  ['path', 'sending process ms', 'load generator ms', 'DynamoDB Local ms', 'total ms'],
  [
    ['HTTP: the twin (HTTP server, handler, SDK)', cpuCell(cpuPerPledge.http.sender), cpuCell(cpuPerPledge.http.loadGenerator), cpuCell(cpuPerPledge.http.dynamoLocal), cpuCell(cpuTotal(cpuPerPledge.http))],
    ['raw: the SDK client', cpuCell(cpuPerPledge.raw.sender), '–', cpuCell(cpuPerPledge.raw.dynamoLocal), cpuCell(cpuTotal(cpuPerPledge.raw))],
  ],
)}

Capacity per pledge on the HTTP path (one-connection pass, bench/capacity.ts): ${fmt(capacity.reads, 2)} RRU from ReturnConsumedCapacity, ${fmt(capacity.writes, 2)} WRU as AWS bills the ${fmt(itemsPerTransaction, 1)}-item transaction (2 per item-KB, plus index writes); DynamoDB Local itself reported ${fmt(localPerPledge, 1)} units per transaction (it counts 2 per table or index a transaction touches, not per item). Mean duration of one pledge, one at a time: ${fmt(sequential.latency.average, 1)} ms.`,
    },
  };
}

