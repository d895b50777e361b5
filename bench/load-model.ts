/**
 * The load model: 500 pledges a second into one fund on AWS, from the capacity this run measured
 * per pledge and per journal entry. For each partition the pledge path and the totals consumer
 * write, its write load against DynamoDB's per-partition limit (1,000 WCU/s), and the cost at
 * on-demand prices. A transaction's items are billed at 2 WRU per KB (bench/capacity.ts).
 */
import { JOURNAL_PARTITIONS } from '../shared/adapters/dynamo/keys';
import { FUND_CACHE_SECONDS } from '../shared/domain/funds';
import { PRICES } from './cost';
import { fmt, table, type Section } from './lib';

/** DynamoDB's write limit of one partition, in write units a second. */
const PARTITION_WCU_PER_SECOND = 1000;
const SECONDS_PER_MONTH = 30 * 24 * 3600;

export interface LoadModelInputs {
  pledgesPerSecond?: number;
  /** Per pledge on the HTTP path (bench/ingest.ts): all of it is the 2-item transaction, plus reads on a conflict or a cache miss. */
  pledge: { writeUnits: number; readUnits: number; itemsPerTransaction: number };
  /** The totals consumer per journal entry, batches of 100 into one fund (bench/aggregation.ts, viral fund). */
  consumer: { writeUnitsPerEntry: number; readUnitsPerEntry: number; entriesPerTransaction: number; counterItemsPerTransaction: number };
  /** Warm pledge-function instances at that rate: each reads the fund once per cache lifetime. */
  instances?: number;
}

export function loadModel(input: LoadModelInputs): Section {
  const rate = input.pledgesPerSecond ?? 500;
  const instances = input.instances ?? 50;
  const { pledge, consumer } = input;
  const allIn = pledge.writeUnits + consumer.writeUnitsPerEntry;
  // The journal entry is one of the pledge transaction's items, ≤ 1 KB: 2 WRU, on one of the fund's partitions by a hash of its id.
  const journalWcuPerPartition = (rate / JOURNAL_PARTITIONS) * 2;
  // Pledge items are keyed by their own code: every pledge is a partition key of its own.
  const pledgeItemWcu = pledge.writeUnits - 2;
  // The consumer: one transaction a batch, summing the batch into one update per scope it touches,
  // so each scope's partition (the fund's, the day's) takes one update per transaction.
  const consumerTransactionsPerSecond = rate / consumer.entriesPerTransaction;
  const counterPartitionWcu = consumerTransactionsPerSecond * 2;
  const checkpointWcu = consumerTransactionsPerSecond * 2;
  const fundReadsPerSecond = instances / FUND_CACHE_SECONDS;
  const rows: (string | number)[][] = [
    ['`POST /v1/pledges`: pledge `PLEDGE#<code>`', `${fmt(pledgeItemWcu, 1)} WRU`, '–', `one partition key per pledge: ${fmt(pledgeItemWcu, 1)} WCU/s per key`, `${fmt(rate * pledgeItemWcu)} WCU/s spread over all keys`],
    ['`POST /v1/pledges`: journal entry `JOURNAL#<fund>#<n>`', '2 WRU', '–', `${fmt(journalWcuPerPartition)} WCU/s on each of ${JOURNAL_PARTITIONS}`, `${fmt((journalWcuPerPartition / PARTITION_WCU_PER_SECOND) * 100)} % of a partition's 1,000`],
    ['`POST /v1/pledges`: fund read (cache miss)', '–', `0.5 RRU per miss (eventually consistent, ≤ 4 KB)`, `${fmt(fundReadsPerSecond, 1)} reads/s with ${instances} warm instances, ${FUND_CACHE_SECONDS} s cache`, 'reads: 3,000 RCU/s per partition'],
    ['`POST /v1/pledges`: replay of a used key', '–', '1 RRU (strongly consistent read of the pledge, only after the conditional put fails)', 'the replayed pledge\'s own key', 'retries only'],
    ['totals consumer: counter updates `TOTAL#<scope>`', `${fmt(consumer.writeUnitsPerEntry, 3)} WRU per entry, all-in`, `${fmt(consumer.readUnitsPerEntry, 3)} RRU per entry`, `${fmt(counterPartitionWcu)} WCU/s on each scope's counter partition (one update per scope per transaction)`, `${fmt((counterPartitionWcu / PARTITION_WCU_PER_SECOND) * 100, 1)} % of a partition's 1,000`],
    ['totals consumer: checkpoint link `CHECKPOINT#<stream>#<shard>`', 'in the line above', '–', `${fmt(checkpointWcu)} WCU/s per stream shard`, `${fmt((checkpointWcu / PARTITION_WCU_PER_SECOND) * 100, 1)} %`],
  ];
  const wruPerSecond = rate * allIn;
  const rruPerSecond = fundReadsPerSecond * 0.5 + rate * consumer.readUnitsPerEntry;
  const dynamoPerHour = ((wruPerSecond * 3600) / 1e6) * PRICES.dynamoWritePerMillion + ((rruPerSecond * 3600) / 1e6) * PRICES.dynamoReadPerMillion;
  const requestsPerHour = ((rate * 3600) / 1e6) * (PRICES.httpApiPerMillionRequests + PRICES.lambdaPerMillionRequests);
  const monthlyAtRate = (dynamoPerHour + requestsPerHour) * (SECONDS_PER_MONTH / 3600);
  const body = `${fmt(rate)} pledges a second into one fund, as DynamoDB on AWS would take them: each operation's capacity comes from this run (the pledge's transaction as sent by the HTTP path, ${fmt(pledge.itemsPerTransaction, 1)} items; the consumer's transactions on the viral-fund workload, ${fmt(consumer.entriesPerTransaction)} entries and ${fmt(consumer.counterItemsPerTransaction, 1)} counter items each), billed as AWS bills transactions (2 WRU per item-KB, bench/capacity.ts). A partition takes 1,000 WCU/s; the journal is spread over ${JOURNAL_PARTITIONS} partitions per fund (DESIGN §4.2), the pledge is keyed by its own code, and the fund is read once per instance per ${FUND_CACHE_SECONDS} s, so no partition on the pledge path carries more than ${fmt(Math.max(journalWcuPerPartition, counterPartitionWcu, checkpointWcu))} WCU/s.

${table(['operation and partition', 'WRU', 'RRU', 'load per partition at ' + fmt(rate) + '/s', 'against the limit'], rows)}

| figure | value | goal |
| --- | --- | --- |
| WRU per pledge, all-in (pledge transaction + the consumer's share) | **${fmt(allIn, 2)}** | ≤ 6 |
| hottest partition | **${fmt(Math.max(journalWcuPerPartition, counterPartitionWcu, checkpointWcu))} WCU/s** | < 1,000 WCU/s |
| DynamoDB at ${fmt(rate)}/s | ${fmt(wruPerSecond)} WRU/s, ${fmt(rruPerSecond, 1)} RRU/s | |
| cost per hour at ${fmt(rate)}/s (DynamoDB + HTTP API + Lambda requests; Lambda compute in the cost model) | $${fmt(dynamoPerHour + requestsPerHour, 2)} | |
| cost per month if ${fmt(rate)}/s were sustained (${fmt((rate * SECONDS_PER_MONTH) / 1e6)} M pledges) | $${fmt(monthlyAtRate)} | on-demand list prices (cost model) |`;
  return { title: `Load model: ${fmt(rate)} pledges/s into one fund on AWS`, body };
}
