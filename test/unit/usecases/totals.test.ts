import { beforeEach, describe, expect, it } from 'vitest';
import { hasMoneyEffect, type JournalEntry } from '../../../shared/domain/journal';
import { actOnDisbursement, requestDisbursement } from '../../../shared/usecases/disbursements';
import { getFundWithTotals } from '../../../shared/usecases/funds';
import { createPledge } from '../../../shared/usecases/pledges';
import { recordReceipt } from '../../../shared/usecases/receipts';
import { listDayTotals, listWardTotals } from '../../../shared/usecases/totals';
import { checkDrift, JournalTally } from '../../../shared/usecases/totals-drift';
import { applyJournalBatch, replayDiscarded } from '../../../shared/usecases/totals-stream';
import { ctx, HCMC_FUND, memoryLedger, type MemoryLedger } from '../../support/memory-ledger';

const fundId = HCMC_FUND.fundId;

let ledger: MemoryLedger;
beforeEach(() => {
  ledger = memoryLedger();
});

async function journal(): Promise<JournalEntry[]> {
  const entries: JournalEntry[] = [];
  for await (const page of ledger.stores.journal.pages(fundId)) entries.push(...page);
  return entries;
}

/** How many of these records change a counter. */
const effective = (records: { entry: JournalEntry | null }[]) => records.filter((r) => r.entry && hasMoneyEffect(r.entry.deltas)).length;

const SHARD = { stream: 'arn:aws:dynamodb:ap-southeast-1:000000000000:table/sovang/stream/2025', shardId: 'shardId-00000001' };

/** The fund's journal as one stream shard carries it: entry i at sequence number 1000 + i (new entries sort last). */
const streamed = (entries: readonly (JournalEntry | null)[]) => entries.map((entry, i) => ({ sequenceNumber: String(1000 + i), entry }));

async function applyAll(): Promise<void> {
  const outcome = await applyJournalBatch(ledger.stores.counters, SHARD, streamed(await journal()));
  expect(outcome.error).toBeUndefined();
}

/** A pledge, its money on two days, and a disbursement to a ward approved. */
async function someActivity(): Promise<void> {
  const { body } = await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name: 'Lê Văn Tám' }, amount: 3_000_000, publishName: false }, ctx('public'));
  await recordReceipt(ledger.stores, { fundId, amount: 1_000_000, receivedAt: '2025-11-20T09:00:00+07:00', method: 'bank', pledgeRef: body.ref }, ctx('staff:an'));
  await recordReceipt(ledger.stores, { fundId, amount: 2_000_000, receivedAt: '2025-11-21T23:30:00+07:00', method: 'cash' }, ctx('staff:an'));
  const { body: request } = await requestDisbursement(ledger.stores, { fundId, beneficiary: { wardCode: '26734' }, amount: 500_000, purpose: 'Hỗ trợ' }, ctx('staff:an'));
  await actOnDisbursement(ledger.stores, request.ref, { action: 'approve' }, ctx('staff:lan'));
}

describe('the running totals', () => {
  it('apply the journal once however often it is delivered, and then equal it exactly (drift 0)', async () => {
    await someActivity();
    const entries = await journal();
    const records = streamed(entries);
    const early = await applyJournalBatch(ledger.stores.counters, SHARD, records.slice(0, 2));
    const first = await applyJournalBatch(ledger.stores.counters, SHARD, records, { checkpoint: early.report.checkpoint });
    expect(first.doneCount).toBe(entries.length);
    expect([...early.report.applied, ...first.report.applied]).toHaveLength(effective(records));
    expect(first.report.checkpoint).toBe(records.at(-1)!.sequenceNumber);
    // Redelivered whole, in halves, with a record twice, and with a stale hint: nothing twice.
    const again = await applyJournalBatch(ledger.stores.counters, SHARD, [...records.slice(2), records[3]!, ...records]);
    expect(again.report.applied).toEqual([]);
    expect(again.report.skipped).toBe(effective(records.slice(2)) + effective([records[3]!]) + effective(records));
    // A hint from earlier in the window: the checkpoint moved on since, and nothing counts twice.
    expect((await applyJournalBatch(ledger.stores.counters, SHARD, records.slice(0, 4), { checkpoint: early.report.checkpoint })).report.applied).toEqual([]);
    const fund = await getFundWithTotals(ledger.stores, fundId);
    expect(fund.totals).toMatchObject({ pledged: 3_000_000, received: 3_000_000, approved: 500_000, available: 2_500_000, donorCount: 2, receiptCount: 2 });
    const drift = await checkDrift(ledger.stores, fundId, { attempts: 1 });
    expect(drift.ok).toBe(true);
    expect(drift.entries).toBe(entries.length);
  });

  it('are listed per ward with the commune’s name, and per day in Vietnam time', async () => {
    await someActivity();
    await applyAll();
    const wards = await listWardTotals(ledger.stores, fundId);
    expect(wards.items).toEqual([expect.objectContaining({ wardCode: '26734', name: 'Phường Sài Gòn', totals: expect.objectContaining({ approved: 500_000 }) })]);
    const days = await listDayTotals(ledger.stores, fundId, { from: '2025-11-21', to: '2025-11-21' });
    expect(days.items).toEqual([expect.objectContaining({ day: '2025-11-21', totals: expect.objectContaining({ received: 2_000_000 }) })]);
  });

  it('report where a redelivered stream must resume when a chunk is left for later', async () => {
    // 120 wards: more counters than one transaction holds.
    const entries = Array.from({ length: 120 }, (_, i) => ({
      entryId: `01JC${String(i).padStart(22, '0')}`,
      fundId,
      type: 'DISBURSEMENT_APPROVED' as const,
      at: '2025-11-20T02:00:00.000Z',
      day: '2025-11-20',
      actor: 'staff:lan',
      entityRef: `GN${i}`,
      entityType: 'disbursement' as const,
      wardCode: String(26_000 + i),
      deltas: { approved: 1 },
      publicDetails: {},
    }));
    const values = streamed([null, ...entries]);
    const outcome = await applyJournalBatch(ledger.stores.counters, SHARD, values, { enoughTime: () => false });
    expect(outcome.error).toBeDefined();
    expect(outcome.doneCount).toBe(1 + outcome.report.applied.length);
    expect(outcome.doneCount).toBeLessThan(values.length);
    expect(await ledger.stores.counters.checkpoint(SHARD)).toBe(values[outcome.doneCount - 1]!.sequenceNumber);
    expect((await applyJournalBatch(ledger.stores.counters, SHARD, values.slice(outcome.doneCount))).error).toBeUndefined();
    expect((await ledger.stores.counters.readScope(fundId)).approved).toBe(120);
  });

  it('replays a batch the event source gave up on once, whether the shard moved past it or not, however often it is replayed', async () => {
    await someActivity();
    const records = streamed(await journal());
    const [head, dead, later] = [records.slice(0, 1), records.slice(1, 4), records.slice(4)];
    await applyJournalBatch(ledger.stores.counters, SHARD, head);
    // A delivery of the dead batch committed its first record, then failed to answer every retry.
    await applyJournalBatch(ledger.stores.counters, SHARD, dead.slice(0, 1));
    // The event source gave up on the batch and went on with the shard.
    await applyJournalBatch(ledger.stores.counters, SHARD, later);
    expect(await ledger.stores.counters.checkpointBefore(SHARD, dead.at(-1)!.sequenceNumber)).toBe(dead[0]!.sequenceNumber);
    const replayed = await replayDiscarded(ledger.stores.counters, SHARD, dead);
    expect(replayed).toMatchObject({ doneCount: 3, report: { skipped: effective(dead.slice(0, 1)) } });
    expect(replayed.report.applied).toHaveLength(effective(dead.slice(1)));
    expect((await replayDiscarded(ledger.stores.counters, SHARD, dead)).report.applied).toEqual([]);
    expect((await checkDrift(ledger.stores, fundId, { attempts: 1 })).ok).toBe(true);
  });

  it('replays nothing of a batch a delivery committed before it crashed, when every retry failed and the shard moved on', async () => {
    await someActivity();
    const records = streamed(await journal());
    const [head, rest] = [records.slice(0, 1), records.slice(1)];
    await applyJournalBatch(ledger.stores.counters, SHARD, head);
    // The rest, in one chunk, committed; the function crashed before it answered. The retries were
    // bisected and the first half failed until the event source gave up on it.
    const delivered = await applyJournalBatch(ledger.stores.counters, SHARD, rest);
    expect(delivered.report.transactions).toBe(1);
    const dead = rest.slice(0, 3);
    expect(effective(dead)).toBeGreaterThan(0);
    const replayed = await replayDiscarded(ledger.stores.counters, SHARD, dead);
    expect(replayed.report.applied).toEqual([]);
    expect((await checkDrift(ledger.stores, fundId, { attempts: 1 })).ok).toBe(true);
  });

  it('replays a batch the shard has not moved past on the shard’s own checkpoint, so a later redelivery skips it', async () => {
    await someActivity();
    const records = streamed(await journal());
    await applyJournalBatch(ledger.stores.counters, SHARD, records.slice(0, 1));
    expect((await replayDiscarded(ledger.stores.counters, SHARD, records.slice(1))).report.applied).toHaveLength(effective(records.slice(1)));
    expect(await ledger.stores.counters.checkpoint(SHARD)).toBe(records.at(-1)!.sequenceNumber);
    expect((await applyJournalBatch(ledger.stores.counters, SHARD, records)).report.applied).toEqual([]);
    expect((await checkDrift(ledger.stores, fundId, { attempts: 1 })).ok).toBe(true);
  });
});

describe('the drift check', () => {
  it('names the scope and the bucket of a counter that differs from the journal', async () => {
    await someActivity();
    await applyAll();
    ledger.state.counters.get(`${fundId}#WARD#26734`)!.approved += 1;
    const report = await checkDrift(ledger.stores, fundId, { attempts: 2, delayMs: 0 });
    expect(report.ok).toBe(false);
    const off = report.scopes.filter((s) => Object.values(s.drift).some((v) => v !== 0));
    expect(off).toEqual([expect.objectContaining({ scope: `${fundId}#WARD#26734`, drift: expect.objectContaining({ approved: 1 }) })]);
  });

  it('checks the days before the cutoff exactly: a late entry dated on one shows until it is applied, entries of open days never', async () => {
    await someActivity();
    const before = await journal();
    await applyAll();
    const cutoff = new Date(Date.now() + 1).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Recorded after the cutoff, dated on a closed day (money that arrived then), and a pledge of today.
    await recordReceipt(ledger.stores, { fundId, amount: 7, receivedAt: '2025-11-22T09:00:00+07:00', method: 'cash' }, ctx('staff:an'));
    await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name: 'Hà' }, amount: 9, publishName: false }, ctx('public'));
    const lagging = await checkDrift(ledger.stores, fundId, { cutoff, attempts: 1 });
    expect(lagging.ok).toBe(false);
    expect(lagging.scopes.filter((s) => s.drift.received !== 0).map((s) => s.scope)).toEqual([fundId, `${fundId}#DAY#2025-11-22`]);
    await applyAll();
    const after = await checkDrift(ledger.stores, fundId, { cutoff, attempts: 1 });
    // Closed days: the two receipts of someActivity and the late one; today is still open.
    expect(after).toMatchObject({ ok: true, entries: 3, cutoff });
    expect(after.scopes.some((s) => s.scope.endsWith(`#DAY#${before.find((e) => e.type === 'PLEDGE_MADE')!.day}`))).toBe(false);
    expect((await checkDrift(ledger.stores, fundId, { attempts: 1 })).entries).toBe(before.length + 2);
    // The nightly report sums the entries before the cutoff as it reads them; the check reads only the rest.
    const tally = new JournalTally();
    for await (const page of ledger.stores.journal.pages(fundId, { before: Date.parse(cutoff) })) for (const entry of page) tally.add(entry);
    expect(await checkDrift(ledger.stores, fundId, { cutoff, attempts: 1, tally })).toEqual(after);
  });
});
