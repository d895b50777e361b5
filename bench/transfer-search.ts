/**
 * "Find my transfer" at scale (DESIGN §7.1): loads `lines` gifts into ONE day of one fund's
 * transfer index on DynamoDB Local, with amounts as donors give them (a few round amounts take
 * most gifts), and measures the search through the twin's HTTP API: p50 / p95 for a usual amount
 * and for the most common round amount, whose partition is the largest.
 */
import type { Twin } from '../infra/local/twin';
import { seedFunds } from '../infra/local/seed';
import { dynamoTransferIndex } from '../shared/adapters/dynamo/transfer-index';
import type { TransferEntry } from '../shared/domain/transfers';
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

async function measure(twin: Twin, fundId: string, amount: number, runs: number): Promise<{ p50: number; p95: number; results: number }> {
  const times: number[] = [];
  let results = 0;
  for (let i = 0; i < runs; i++) {
    const q = `${SURNAMES[i % SURNAMES.length]} ${GIVEN[i % GIVEN.length]!.split(' ')[0]}`.toLowerCase();
    const started = performance.now();
    const response = await fetch(`${twin.url}/v1/funds/${fundId}/transfers?day=${DAY}&amount=${amount}&q=${encodeURIComponent(q)}`);
    const body = (await response.json()) as { results?: unknown[] };
    times.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`search answered ${response.status}: ${JSON.stringify(body)}`);
    results += body.results?.length ?? 0;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), results: results / runs };
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
  const index = dynamoTransferIndex();
  const random = lcg(42);
  const counts = new Map<number, number>();
  const started = Date.now();
  const chunk = 2_000;
  for (let first = 0; first < options.lines; first += chunk) {
    const entries: TransferEntry[] = [];
    for (let i = first; i < Math.min(options.lines, first + chunk); i++) {
      const amount = amountOf(i, random);
      counts.set(amount, (counts.get(amount) ?? 0) + 1);
      const name = `${SURNAMES[i % SURNAMES.length]} ${GIVEN[(i * 7) % GIVEN.length]}`;
      entries.push({ fundId, day: DAY, amount, reportDate: DAY, giftId: `BENCH${String(i).padStart(21, '0')}`, receiptId: `BENCH${String(i).padStart(21, '0')}`, source: 'statement', name, memo: `${name} ung ho dong bao TK 00710${String(i).padStart(8, '0')}` });
    }
    await index.put(entries);
    if ((first / chunk) % 10 === 0) progress(`transfer index: ${first + entries.length} of ${options.lines} lines`);
  }
  const loadSeconds = (Date.now() - started) / 1000;
  const usual = [...counts.entries()].filter(([amount]) => !ROUND_AMOUNTS.some(([round]) => round === amount)).sort((a, b) => b[1] - a[1])[0]!;
  const largest = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const rows: (string | number)[][] = [];
  for (const [label, [amount, candidates]] of [['a usual amount', usual], ['the most common round amount', largest]] as const) {
    const m = await measure(twin, fundId, amount, options.runs);
    rows.push([label, fmt(amount), fmt(candidates), fmt(m.results, 1), fmt(m.p50, 1), fmt(m.p95, 1), m.p95 <= 300 ? 'yes' : 'no']);
  }
  return {
    title: 'Find my transfer',
    body: [
      `${fmt(options.lines)} gifts in one day of one fund, loaded into the transfer index in ${fmt(loadSeconds)} s; ${options.runs} searches each through the twin's HTTP API on DynamoDB Local (no report published: no proof reads). Budget: p95 ≤ 300 ms.`,
      '',
      table(['partition', 'amount (₫)', 'candidates read', 'results', 'p50 ms', 'p95 ms', 'within budget'], rows),
    ].join('\n'),
  };
}
