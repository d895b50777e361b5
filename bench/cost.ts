/**
 * An AWS cost model per 1 M pledges, from capacity and durations measured in this run, at
 * published on-demand list prices (us-east-1). Prices change: check them before quoting.
 */
import { fmt, table, type Section } from './lib';

export const PRICES = {
  asOf: 'AWS public list prices for us-east-1 as published in 2025 (DynamoDB on-demand after the 1 November 2024 reduction; Lambda arm64, first duration tier; HTTP API, first 300 M requests a month); this run does not fetch them',
  dynamoWritePerMillion: 0.625,
  dynamoReadPerMillion: 0.125,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  httpApiPerMillionRequests: 1.0,
} as const;

/** Memory of the functions as deployed (infra/constructs/house-function.ts default). */
const FUNCTION_MEMORY_MB = 512;

export interface CostInputs {
  /** `POST /v1/pledges`: capacity per pledge and the duration of one pledge, one request at a time (bench/ingest.ts). */
  api: { capacityPerPledge: { reads: number; writes: number }; handlerMs: number };
  /** The totals consumer on the viral-fund workload: a pledge makes one journal entry (bench/aggregation.ts). */
  consumer?: { writeUnitsPerEntry: number; readUnitsPerEntry: number; msPerInvocation: number; entriesPerInvocation: number };
}

export function costModel(input: CostInputs): Section {
  const memoryGb = FUNCTION_MEMORY_MB / 1024;
  const million = 1_000_000;
  const compute = (invocations: number, ms: number) => invocations * (ms / 1000) * memoryGb * PRICES.lambdaArmPerGbSecond;
  const lines: [string, string, number][] = [
    ['API Gateway HTTP API', '1 M requests', PRICES.httpApiPerMillionRequests],
    ['Lambda requests (pledge)', '1 M invocations', PRICES.lambdaPerMillionRequests],
    ['Lambda compute (pledge)', `${fmt(input.api.handlerMs, 1)} ms × ${FUNCTION_MEMORY_MB} MB × 1 M`, compute(million, input.api.handlerMs)],
    ['DynamoDB writes (pledge)', `${fmt(input.api.capacityPerPledge.writes, 2)} WRU × 1 M`, input.api.capacityPerPledge.writes * PRICES.dynamoWritePerMillion],
    ['DynamoDB reads (pledge)', `${fmt(input.api.capacityPerPledge.reads, 2)} RRU × 1 M`, input.api.capacityPerPledge.reads * PRICES.dynamoReadPerMillion],
  ];
  const consumer = input.consumer;
  if (consumer) {
    const invocations = million / consumer.entriesPerInvocation;
    lines.push(
      ['Lambda requests (totals consumer)', `${fmt(invocations)} invocations of ${fmt(consumer.entriesPerInvocation)} entries`, (invocations / million) * PRICES.lambdaPerMillionRequests],
      ['Lambda compute (totals consumer)', `${fmt(consumer.msPerInvocation, 1)} ms × ${FUNCTION_MEMORY_MB} MB × ${fmt(invocations)}`, compute(invocations, consumer.msPerInvocation)],
      ['DynamoDB writes (totals consumer)', `${fmt(consumer.writeUnitsPerEntry, 2)} WRU × 1 M`, consumer.writeUnitsPerEntry * PRICES.dynamoWritePerMillion],
      ['DynamoDB reads (totals consumer)', `${fmt(consumer.readUnitsPerEntry, 2)} RRU × 1 M`, consumer.readUnitsPerEntry * PRICES.dynamoReadPerMillion],
      ['DynamoDB Streams reads', 'GetRecords by a Lambda trigger', 0],
    );
  }
  const total = lines.reduce((sum, [, , usd]) => sum + usd, 0);
  return {
    title: 'AWS cost model per 1 M pledges',
    body: `From this run: the pledge's capacity on the HTTP path and the totals consumer's capacity per journal entry (ReturnConsumedCapacity for reads and single-item writes; transactions at 2 WRU per item-KB plus index writes, computed from the items sent because DynamoDB Local reports 2 units per table or index a transaction touches, whatever its size, see bench/capacity.ts); Lambda durations as measured here: a pledge's mean latency one request at a time through the twin, and the consumer's time per batch of 100 inside the handler. Both run against DynamoDB Local on a shared 2-core machine, so durations are pessimistic; in AWS a DynamoDB call takes single-digit milliseconds. Functions at ${FUNCTION_MEMORY_MB} MB, arm64. Prices: ${PRICES.asOf}: DynamoDB $${PRICES.dynamoWritePerMillion} per million WRU and $${PRICES.dynamoReadPerMillion} per million RRU, Lambda $${PRICES.lambdaPerMillionRequests} per million requests and $${PRICES.lambdaArmPerGbSecond} per GB-second, HTTP API $${PRICES.httpApiPerMillionRequests.toFixed(2)} per million requests. Not included: storage, logs, data transfer, the nightly report and CloudFront.

${table(
  ['item', 'basis', 'USD per 1 M pledges'],
  [...lines.map(([item, basis, usd]) => [item, basis, fmt(usd, 2)]), ['**total**', '', `**${fmt(total, 2)}**`]],
)}`,
  };
}
