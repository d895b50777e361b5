/**
 * An AWS cost model per 1 M pledges, from capacity and durations measured in this run, at
 * published on-demand list prices (us-east-1). Prices change: check them before quoting.
 */
import { fmt, table, type Section } from './lib';

export const PRICES = {
  asOf: '2026-11-25 (AWS public list prices, us-east-1; the DynamoDB on-demand prices are those in force since the November 2024 reduction)',
  dynamoWritePerMillion: 0.625,
  dynamoReadPerMillion: 0.125,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  httpApiPerMillionRequests: 1.0,
  dynamoStorageGbMonth: 0.25,
} as const;

export function costModel(input: { capacityPerPledge: { reads: number; writes: number }; handlerMs: number; memoryMb?: number }): Section {
  const memoryGb = (input.memoryMb ?? 512) / 1024;
  const million = 1_000_000;
  // The stream consumer writes counters once per key per batch; its own writes are a small fraction (see the totals figures).
  const lines: [string, string, number][] = [
    ['API Gateway HTTP API', '1 M requests', PRICES.httpApiPerMillionRequests],
    ['Lambda requests (API)', '1 M invocations', PRICES.lambdaPerMillionRequests],
    [
      'Lambda compute (API)',
      `${fmt(input.handlerMs, 1)} ms × ${fmt(memoryGb * 1024)} MB`,
      (million * (input.handlerMs / 1000) * memoryGb) * PRICES.lambdaArmPerGbSecond,
    ],
    ['DynamoDB writes', `${fmt(input.capacityPerPledge.writes, 2)} WRU × 1 M`, input.capacityPerPledge.writes * PRICES.dynamoWritePerMillion],
    ['DynamoDB reads', `${fmt(input.capacityPerPledge.reads, 2)} RRU × 1 M`, input.capacityPerPledge.reads * PRICES.dynamoReadPerMillion],
  ];
  const total = lines.reduce((sum, [, , usd]) => sum + usd, 0);
  return {
    title: 'AWS cost model per 1 M pledges',
    body: `Measured in this run: capacity per pledge from ReturnConsumedCapacity on the HTTP path, handler duration from the twin (mean latency, an upper bound for Lambda duration). Prices: ${PRICES.asOf}. Transactions cost 2 write units per item-KB, which the measured capacity already includes.

${table(
  ['item', 'basis', 'USD per 1 M pledges'],
  [...lines.map(([item, basis, usd]) => [item, basis, fmt(usd, 2)]), ['**total**', '', `**${fmt(total, 2)}**`]],
)}`,
  };
}
