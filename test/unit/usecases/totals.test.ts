import { beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../shared/domain/journal';
import { actOnDisbursement, requestDisbursement } from '../../../shared/usecases/disbursements';
import { getFundWithTotals } from '../../../shared/usecases/funds';
import { createPledge } from '../../../shared/usecases/pledges';
import { recordReceipt } from '../../../shared/usecases/receipts';
import { applyJournalBatch, listDayTotals, listWardTotals } from '../../../shared/usecases/totals';
import { checkDrift } from '../../../shared/usecases/totals-drift';
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
    const first = await applyJournalBatch(ledger.stores.counters, entries);
    expect(first.doneCount).toBe(entries.length);
    const again = await applyJournalBatch(ledger.stores.counters, [...entries.slice(2), null, ...entries]);
    expect(again.report.applied).toEqual([]);
    const fund = await getFundWithTotals(ledger.stores, fundId);
    expect(fund.totals).toMatchObject({ pledged: 3_000_000, received: 3_000_000, approved: 500_000, available: 2_500_000, donorCount: 2, receiptCount: 2 });
    const drift = await checkDrift(ledger.stores, fundId, { attempts: 1 });
    expect(drift.ok).toBe(true);
    expect(drift.entries).toBe(entries.length);
  });

  it('are listed per ward with the commune’s name, and per day in Vietnam time', async () => {
    await someActivity();
    await applyJournalBatch(ledger.stores.counters, await journal());
    const wards = await listWardTotals(ledger.stores, fundId);
    expect(wards.items).toEqual([expect.objectContaining({ wardCode: '26734', name: 'Phường Sài Gòn', totals: expect.objectContaining({ approved: 500_000 }) })]);
    const days = await listDayTotals(ledger.stores, fundId, { from: '2025-11-21', to: '2025-11-21' });
    expect(days.items).toEqual([expect.objectContaining({ day: '2025-11-21', totals: expect.objectContaining({ received: 2_000_000 }) })]);
  });

  it('report where a redelivered stream must resume when a chunk is left for later', async () => {
    const entries = Array.from({ length: 60 }, (_, i) => ({
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
    const values = [null, ...entries];
    const outcome = await applyJournalBatch(ledger.stores.counters, values, { enoughTime: () => false });
    expect(outcome.error).toBeDefined();
    expect(outcome.doneCount).toBe(1 + outcome.report.applied.length);
    expect(outcome.doneCount).toBeLessThan(values.length);
    expect((await applyJournalBatch(ledger.stores.counters, values.slice(outcome.doneCount))).error).toBeUndefined();
    expect((await ledger.stores.counters.readScope(fundId)).approved).toBe(60);
  });
});

describe('the drift check', () => {
  it('names the scope and the bucket of a counter that differs from the journal', async () => {
    await someActivity();
    await applyJournalBatch(ledger.stores.counters, await journal());
    ledger.state.counters.get(`${fundId}#WARD#26734`)!.approved += 1;
    const report = await checkDrift(ledger.stores, fundId, { attempts: 2, delayMs: 0 });
    expect(report.ok).toBe(false);
    const off = report.scopes.filter((s) => Object.values(s.drift).some((v) => v !== 0));
    expect(off).toEqual([expect.objectContaining({ scope: `${fundId}#WARD#26734`, drift: expect.objectContaining({ approved: 1 }) })]);
  });

  it('checks up to a cutoff while later entries arrive, applied or not', async () => {
    await someActivity();
    const before = await journal();
    await applyJournalBatch(ledger.stores.counters, before);
    const cutoff = new Date(Date.now() + 1).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await recordReceipt(ledger.stores, { fundId, amount: 7, receivedAt: '2025-11-22T09:00:00+07:00', method: 'cash' }, ctx('staff:an'));
    expect((await checkDrift(ledger.stores, fundId, { cutoff, attempts: 1 })).ok).toBe(true);
    await applyJournalBatch(ledger.stores.counters, await journal());
    const after = await checkDrift(ledger.stores, fundId, { cutoff, attempts: 1 });
    expect(after).toMatchObject({ ok: true, entries: before.length });
    expect((await checkDrift(ledger.stores, fundId, { attempts: 1 })).entries).toBe(before.length + 1);
  });
});
