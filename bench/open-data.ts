/**
 * The open-data generators over a viral fund's journal: `node --expose-gc --import tsx
 * bench/open-data.ts [--entries 2000000] [--days 30] [--disbursements 3000]`. The journal is
 * generated lazily, so the only thing that could grow with it is the generators' state; the live
 * heap after a full GC at each 10 % of the stream shows whether it does. Prints a Markdown table.
 */
import { parseArgs } from 'node:util';
import type { JournalEntry } from '../shared/domain/journal';
import { giving360Package, prepareFund, renderGiving360Package, renderIatiActivities, type DonorOrganisation, type OpenDataFundInput } from '../shared/reports/open-data';
import { fmt, load, machine, progress, table } from './lib';

const { values } = parseArgs({
  options: { entries: { type: 'string', default: '2000000' }, days: { type: 'string', default: '30' }, disbursements: { type: 'string', default: '3000' } },
});
const ENTRIES = Number(values.entries);
const DAYS = Number(values.days);
const DISBURSEMENTS = Number(values.disbursements);
const FUND_ID = 'bench-2025';
const gc = (globalThis as { gc?: () => void }).gc;

const fund: OpenDataFundInput = {
  fundId: FUND_ID,
  code: 'BENCH-2025',
  name: { vi: 'Quỹ cứu trợ đo hiệu năng', en: 'Benchmark relief fund' },
  status: 'open',
  currency: 'VND',
  target: 100_000_000_000,
  receivingWindow: { from: '2025-09-01', to: '2025-09-30' },
  committee: { id: 'mttq', name: { vi: 'Ủy ban MTTQ Việt Nam', en: 'Viet Nam Fatherland Front' } },
  publisherOrgRef: 'XI-IATI-BENCH',
  lastUpdated: '2025-10-01T00:00:00.000Z',
};
const donors: DonorOrganisation[] = Array.from({ length: 20 }, (_, i) => ({ orgId: `org-${i}`, name: `Công ty ${i}`, consentToBeNamed: i % 2 === 0 }));

function dayOf(i: number): string {
  return `2025-09-${String(1 + Math.floor((i / ENTRIES) * DAYS)).padStart(2, '0')}`;
}

/** Pledges, receipts for most of them, a few reversals and cancellations, and disbursements. */
function* journal(): Generator<JournalEntry> {
  const every = Math.max(1, Math.floor(ENTRIES / (DISBURSEMENTS * 3)));
  let disbursed = 0;
  for (let i = 0; i < ENTRIES; i++) {
    const day = dayOf(i);
    const at = `${day}T03:00:00.000Z`;
    const base = { entryId: String(i).padStart(12, '0'), fundId: FUND_ID, at, day };
    if (i % every === 0 && disbursed < DISBURSEMENTS * 3) {
      const ref = `GN${Math.floor(disbursed / 3)}`;
      const step = disbursed++ % 3;
      const ward = { wardCode: String(26000 + (Math.floor(disbursed / 3) % 168)), wardName: `Phường ${Math.floor(disbursed / 3) % 168}` };
      const details = { ...ward, purpose: 'Hỗ trợ hộ nghèo', amount: 10_000_000 };
      const type = (['DISBURSEMENT_REQUESTED', 'DISBURSEMENT_APPROVED', 'DISBURSEMENT_PAID'] as const)[step]!;
      const deltas = [{}, { approved: 10_000_000 }, { approved: -10_000_000, disbursed: 10_000_000 }][step]!;
      yield { ...base, type, actor: 'staff:a', entityRef: ref, entityType: 'disbursement', wardCode: ward.wardCode, deltas, publicDetails: details };
    } else if (i % 2 === 0) {
      const org = i % 1000 === 0 ? donors[(i / 1000) % donors.length] : undefined;
      yield {
        ...base,
        type: i % 997 === 0 ? 'PLEDGE_CANCELLED' : 'PLEDGE_MADE',
        actor: org ? `org:${org.orgId}` : 'public',
        entityRef: `UH${i}`,
        entityType: 'pledge',
        deltas: { pledged: (i % 997 === 0 ? -1 : 1) * 200_000 },
        publicDetails: { donor: org ? org.name : `Người ủng hộ ${i}`, donorType: org ? 'organisation' : 'individual' },
      };
    } else {
      const reversed = i % 499 === 0;
      yield {
        ...base,
        type: reversed ? 'RECEIPT_REVERSED' : 'RECEIPT_RECORDED',
        actor: 'bank:s',
        entityRef: `R${i}`,
        entityType: 'receipt',
        deltas: { received: (reversed ? -1 : 1) * 200_000 },
        publicDetails: { donor: 'Nhà hảo tâm', pledgeRef: `UH${i - 1}` },
      };
    }
  }
}

/** Passes the journal through and samples the live heap (after a full GC) at each 10 %. */
function* sampled(source: Iterable<JournalEntry>, samples: number[]): Generator<JournalEntry> {
  let i = 0;
  const step = Math.max(1, Math.floor(ENTRIES / 10));
  for (const entry of source) {
    if (gc && i % step === 0) {
      gc();
      samples.push(process.memoryUsage().heapUsed);
    }
    i++;
    yield entry;
  }
}

const loadAtStart = load();
if (!gc) progress('run under node --expose-gc for the heap figures');
progress(`${fmt(ENTRIES)} entries over ${DAYS} days, ${fmt(DISBURSEMENTS)} disbursements`);
const heap: number[] = [];
let started = performance.now();
const cpuBefore = process.cpuUsage();
const prepared = await prepareFund({ fund, entries: sampled(journal(), heap), donors });
const foldSeconds = (performance.now() - started) / 1000;
const foldCpu = process.cpuUsage(cpuBefore);
const foldCpuSeconds = (foldCpu.user + foldCpu.system) / 1e6;
// The same journal generated and iterated without the generators: the synthetic source's own cost.
const sourceBefore = process.cpuUsage();
for (const entry of journal()) void entry;
const sourceCpu = process.cpuUsage(sourceBefore);
const sourceCpuSeconds = (sourceCpu.user + sourceCpu.system) / 1e6;
started = performance.now();
const xml = renderIatiActivities([prepared], '2025-10-01T00:00:00.000Z');
const iatiSeconds = (performance.now() - started) / 1000;
started = performance.now();
const json = renderGiving360Package([prepared], { giving360Prefix: '360G-bench' }, '2025-10-01T00:00:00.000Z') ?? '';
const givingSeconds = (performance.now() - started) / 1000;
const grants = giving360Package([prepared], { giving360Prefix: '360G-bench' }, '2025-10-01T00:00:00.000Z')?.grants.length ?? 0;

const mb = (bytes: number) => fmt(bytes / 2 ** 20, 1);
console.log(`Machine: ${machine()}; load ${loadAtStart} → ${load()}\n`);
console.log(
  table(
    ['step', 'figure'],
    [
      ['journal entries read (one pass)', fmt(prepared.flows.entries)],
      ['read and summed (wall, CPU)', `${fmt(foldSeconds, 1)} s, ${fmt(foldCpuSeconds, 1)} s CPU (of which generating the journal ${fmt(sourceCpuSeconds, 1)} s)`],
      ['generators alone, per CPU second', `${fmt(prepared.flows.entries / Math.max(0.001, foldCpuSeconds - sourceCpuSeconds))} entries`],
      ['rows kept: incoming days, disbursements', `${fmt(prepared.flows.incoming.length)}, ${fmt(prepared.flows.disbursements.length)}`],
      ['IATI XML rendered', `${fmt(iatiSeconds, 2)} s, ${mb(Buffer.byteLength(xml))} MB`],
      ['360Giving JSON rendered', `${fmt(givingSeconds, 2)} s, ${mb(Buffer.byteLength(json))} MB, ${fmt(grants)} grants`],
      ['live heap at 0 %, 10 % … 90 % of the stream (MB)', heap.length ? heap.map(mb).join(' / ') : 'n/a (no --expose-gc)'],
    ],
  ),
);
