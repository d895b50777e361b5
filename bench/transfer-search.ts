/**
 * "Find my transfer" at scale (DESIGN §7.1): loads `lines` gifts into ONE day of one fund's
 * transfer index on DynamoDB Local, with amounts as donors give them (a few round amounts take
 * most gifts), and measures the search through the twin's HTTP API: p50 / p95 for a usual
 * amount, and for the most common round amount by a name fragment, by account digits and by memo
 * words. In the same run, the same round-amount searches as they were before the index had keys:
 * the amount's whole partition (one item per gift) read and filtered in code. The last row is
 * the index's worst case: memo vocabulary alone, which has no keys, and no gift's memo.
 */
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Twin } from '../infra/local/twin';
import { seedFunds } from '../infra/local/seed';
import { transferItems } from '../shared/adapters/dynamo/transfer-index';
import { matchesTransfer, parseTransferQuery, TRANSFER_RESULT_CAP, type TransferEntry } from '../shared/domain/transfers';
import { fmt, percentile, progress, table, type Section } from './lib';

const DAY = '2025-09-01';
/** Share of gifts per amount: the round amounts most donors choose, the rest spread over odd amounts. */
const ROUND_AMOUNTS: readonly [number, number][] = [
  [100_000, 0.2],
  [200_000, 0.15],
  [500_000, 0.15],
  [50_000, 0.1],
  [1_000_000, 0.08],
  [300_000, 0.07],
];
const SURNAMES = ['NGUYEN', 'TRAN', 'LE', 'PHAM', 'HOANG', 'HUYNH', 'VO', 'DANG', 'BUI', 'DO'];
const GIVEN = ['VAN AN', 'THI HOA', 'DUC MINH', 'THU HA', 'QUOC BAO', 'NGOC LAN', 'MINH TUAN', 'THANH HUONG'];
/** What donors write: most the same few words, some a place or a storm. */
const MEMOS = ['ung ho dong bao', 'ung ho dong bao', 'chuyen tien ung ho', 'ung ho ba con vung lu', 'ung ho dong bao mien Trung', 'giup ba con bao Yagi', 'ung ho quy cuu tro', 'UNGHO LANG NU LAO CAI'];
/** Writers at once while loading; BatchWriteItem is the loader's, never a function's (no role may delete). */
const LOAD_WRITERS = 8;
/** A search of memo vocabulary alone that no gift matches reads the amount's every gift: seconds each, so fewer runs. */
const VOCABULARY_ONLY_RUNS = 20;

function amountOf(i: number, random: () => number): number {
  let r = random();
  for (const [amount, share] of ROUND_AMOUNTS) {
    if (r < share) return amount;
    r -= share;
  }
  return 10_000 + (i % 5_000) * 1_000 + 7;
}

function lcg(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

const account = (i: number) => `00710${String(i).padStart(8, '0')}`;

/** The i-th gift: a third are VCB lines, with no sender column and the name only in the memo. */
function giftOf(fundId: string, i: number, amount: number): TransferEntry {
  const name = `${SURNAMES[i % SURNAMES.length]} ${GIVEN[(i * 7) % GIVEN.length]}`;
  const memo = `${MEMOS[(i * 3) % MEMOS.length]} TK ${account(i)}`;
  const id = `BENCH${String(i).padStart(21, '0')}`;
  return { fundId, day: DAY, amount, reportDate: DAY, giftId: id, receiptId: id, source: 'statement', ...(i % 3 === 0 ? { memo: `${name} ${memo}` } : { name, memo }) };
}

async function writeAll(twin: Twin, items: Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  const writer = async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      let requests = chunk.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const answer = await twin.documentClient.send(new BatchWriteCommand({ RequestItems: { [twin.tableName]: requests } }));
        requests = (answer.UnprocessedItems?.[twin.tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: LOAD_WRITERS }, writer));
}

interface Timing {
  p50: number;
  p95: number;
  results: number;
}

function timing(times: number[], results: number): Timing {
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), results: results / times.length };
}

async function measure(twin: Twin, fundId: string, amount: number, queries: readonly string[], runs: number): Promise<Timing> {
  const times: number[] = [];
  let results = 0;
  for (let i = 0; i < runs; i++) {
    const q = queries[i % queries.length]!;
    const started = performance.now();
    const response = await fetch(`${twin.url}/v1/funds/${fundId}/transfers?day=${DAY}&amount=${amount}&q=${encodeURIComponent(q)}`);
    const body = (await response.json()) as { results?: unknown[] };
    times.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`search answered ${response.status}: ${JSON.stringify(body)}`);
    results += body.results?.length ?? 0;
  }
  return timing(times, results);
}

/** The search before the index had keys: the whole amount partition read, then filtered and capped (in process: no HTTP). */
async function measureWholePartition(twin: Twin, partition: string, queries: readonly string[], runs: number): Promise<Timing> {
  const times: number[] = [];
  let results = 0;
  for (let i = 0; i < runs; i++) {
    const query = parseTransferQuery(queries[i % queries.length]!)!;
    const started = performance.now();
    const entries: TransferEntry[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await twin.documentClient.send(new QueryCommand({ TableName: twin.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partition }, ExclusiveStartKey }));
      entries.push(...((page.Items ?? []) as TransferEntry[]));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    const matched = entries.filter((entry) => matchesTransfer(entry, query));
    times.push(performance.now() - started);
    results += Math.min(matched.length, TRANSFER_RESULT_CAP);
  }
  return timing(times, results);
}

export async function benchTransferSearch(twin: Twin, options: { lines: number; runs: number }): Promise<Section> {
  const fundId = `bench-transfers-${Date.now().toString(36)}`;
  await seedFunds(twin.documentClient, twin.tableName, [
    {
      fundId,
      name: { vi: 'Quỹ đo tìm giao dịch', en: 'Transfer search bench fund' },
      description: { vi: 'Đo', en: 'Bench' },
      currency: 'VND',
      bankAccount: { bankBin: '970415', bankName: 'VietinBank', accountNumber: '100000000123', accountName: 'BENCH' },
      opensOn: '2025-01-01',
      status: 'OPEN',
    },
  ]);
  const random = lcg(42);
  const counts = new Map<number, number>();
  const roundGifts: number[] = [];
  const legacyPartition = `BENCH-WHOLE#${fundId}#${DAY}#100000`;
  const started = Date.now();
  let items = 0;
  let bytes = 0;
  const chunk = 2_000;
  for (let first = 0; first < options.lines; first += chunk) {
    const batch: Record<string, unknown>[] = [];
    for (let i = first; i < Math.min(options.lines, first + chunk); i++) {
      const amount = amountOf(i, random);
      counts.set(amount, (counts.get(amount) ?? 0) + 1);
      const gift = giftOf(fundId, i, amount);
      const keyed = transferItems(gift);
      items += keyed.length;
      bytes += keyed.reduce((sum, item) => sum + JSON.stringify(item).length, 0);
      batch.push(...keyed);
      if (amount === 100_000) {
        roundGifts.push(i);
        batch.push({ pk: legacyPartition, sk: gift.giftId, kind: 'TRANSFER', ...gift });
      }
    }
    await writeAll(twin, batch);
    if ((first / chunk) % 5 === 0) progress(`transfer index: ${first + chunk} of ${options.lines} lines, ${fmt(items)} items`);
  }
  const loadSeconds = (Date.now() - started) / 1000;
  const usual = [...counts.entries()].filter(([amount]) => !ROUND_AMOUNTS.some(([round]) => round === amount)).sort((a, b) => b[1] - a[1])[0]!;
  const round = counts.get(100_000)!;
  const nameQueries = SURNAMES.map((surname, i) => `${surname} ${GIVEN[i % GIVEN.length]!.split(' ')[0]}`.toLowerCase());
  const digitQueries = Array.from({ length: 50 }, (_, i) => account(roundGifts[(i * 7919) % roundGifts.length]!).slice(-4));
  const memoQueries = ['vung lu', 'mien trung', 'bao yagi', 'lang nu', 'cuu tro'];
  // Each word common, together no gift's (a surname and a given name of the other parity): the longest reads.
  const unmatchedQueries = ['nguyen thi', 'tran van', 'le thu', 'pham quoc', 'hoang ngoc'];
  // Memo vocabulary only (no keys: DESIGN §7.1), and no gift's memo: the search reads every gift of the amount.
  const vocabularyUnmatchedQueries = ['mien bac', 'khac phuc', 'thien tai', 'cam on', 'tu thien'];
  const vocabularyRuns = Math.min(options.runs, VOCABULARY_ONLY_RUNS);
  const searches: { label: string; amount: number; gifts: number; queries: readonly string[]; runs: number }[] = [
    { label: 'a usual amount, by name', amount: usual[0], gifts: usual[1], queries: nameQueries, runs: options.runs },
    { label: '100,000 ₫, by a name fragment', amount: 100_000, gifts: round, queries: nameQueries, runs: options.runs },
    { label: '100,000 ₫, by the account’s last 4 digits', amount: 100_000, gifts: round, queries: digitQueries, runs: options.runs },
    { label: '100,000 ₫, by memo words', amount: 100_000, gifts: round, queries: memoQueries, runs: options.runs },
    { label: '100,000 ₫, by common words no gift has together', amount: 100_000, gifts: round, queries: unmatchedQueries, runs: options.runs },
    { label: '100,000 ₫, by memo vocabulary no gift has', amount: 100_000, gifts: round, queries: vocabularyUnmatchedQueries, runs: vocabularyRuns },
  ];
  const rows: (string | number)[][] = [];
  for (const { label, amount, gifts, queries, runs } of searches) {
    progress(`transfer search: ${label}`);
    const m = await measure(twin, fundId, amount, queries, runs);
    rows.push([label, 'keyed items', fmt(gifts), fmt(m.results, 1), fmt(m.p50, 1), fmt(m.p95, 1), m.p95 <= 300 ? 'yes' : 'no']);
    if (amount === 100_000) {
      const before = await measureWholePartition(twin, legacyPartition, queries, Math.min(runs, 50));
      rows.push([label, 'whole partition (before)', fmt(gifts), fmt(before.results, 1), fmt(before.p50, 1), fmt(before.p95, 1), before.p95 <= 300 ? 'yes' : 'no']);
    }
  }
  return {
    title: 'Find my transfer',
    body: [
      `${fmt(options.lines)} gifts in one day of one fund (${fmt(round)} of 100,000 ₫), ${fmt(items / options.lines, 1)} index items per gift of ${fmt(bytes / items)} bytes on average (1 WRU each: ${fmt(items / options.lines, 1)} WRU per gift), loaded with BatchWriteItem in ${fmt(loadSeconds)} s.`,
      `Keyed items: ${options.runs} searches each (${vocabularyRuns} of memo vocabulary alone) through the twin's HTTP API on DynamoDB Local (no report published: no proof reads). Whole partition (before): the search as it was, the amount's one item per gift read and filtered in process without HTTP, ${Math.min(options.runs, 50)} times (${vocabularyRuns} for memo vocabulary alone), in the same run. Budget: p95 ≤ 300 ms.`,
      '',
      table(['search', 'reads', 'gifts of the amount', 'results', 'p50 ms', 'p95 ms', 'within budget'], rows),
    ].join('\n'),
  };
}
