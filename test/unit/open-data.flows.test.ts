import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../shared/domain/journal';
import { ValidationError } from '../../shared/errors';
import { collectFlows, FlowsAccumulator } from '../../shared/reports/open-data';
import { at, buildHistory, DONORS, FUND_ID, JournalBuilder, ledgerTotals, ORGS, WARDS } from '../support/open-data-history';

/** A viral day, generated lazily: the test never holds the entries, only the accumulator does. */
function* viralJournal(days: number, perDay: number): Generator<JournalEntry> {
  let n = 0;
  for (let d = 0; d < days; d++) {
    const day = `2025-10-${String(d + 1).padStart(2, '0')}`;
    for (let i = 0; i < perDay; i++, n++) {
      const amount = 100_000 + (n % 50) * 10_000;
      yield { entryId: `P${n}`, fundId: FUND_ID, type: 'PLEDGE_MADE', at: at(day, '12:00'), day, actor: 'public', entityRef: `UH${n}`, entityType: 'pledge', deltas: { pledged: amount }, publicDetails: { donor: `Người ủng hộ ${n}`, donorType: 'individual' } };
      yield { entryId: `R${n}`, fundId: FUND_ID, type: 'RECEIPT_RECORDED', at: at(day, '13:00'), day, actor: 'bank:s', entityRef: `R${n}`, entityType: 'receipt', deltas: { received: amount }, publicDetails: { donor: 'Nhà hảo tâm', pledgeRef: `UH${n}` } };
    }
  }
}

describe('reading a fund journal for open data', () => {
  it('keeps one row per day, type and direction however many entries stream past', async () => {
    const days = 10;
    const perDay = 5_000;
    const flows = await collectFlows(FUND_ID, viralJournal(days, perDay));
    expect(flows.entries).toBe(2 * days * perDay);
    expect(flows.incoming).toHaveLength(2 * days);
    expect(flows.incoming.every((row) => row.count === perDay && !row.donor)).toBe(true);
    let pledged = 0;
    for (const entry of viralJournal(days, perDay)) pledged += entry.deltas.pledged ?? 0;
    expect(flows.totals.pledged).toBe(pledged);
    expect(flows.totals.received).toBe(pledged);
    expect(flows.incoming.filter((r) => r.kind === 'pledge').reduce((s, r) => s + r.amount, 0)).toBe(pledged);
  });

  it('sums the buckets exactly as the journal does', async () => {
    const history = buildHistory();
    const flows = await collectFlows(FUND_ID, history.entries, DONORS);
    expect(flows.totals).toEqual(ledgerTotals(history.entries));
    expect(flows.firstDay).toBe('2025-09-01');
    expect(flows.lastDay).toBe('2025-09-05');
  });

  it('follows a named pledge through its receipts and reversals, and nothing else', async () => {
    const j = new JournalBuilder();
    const named = j.pledge({ at: at('2025-09-01', '08:00'), donor: { type: 'organisation', name: ORGS.steel.name }, amount: 10_000_000, publishName: true, actor: `org:${ORGS.steel.orgId}` });
    const hidden = j.pledge({ at: at('2025-09-01', '08:10'), donor: { type: 'organisation', name: ORGS.steel.name }, amount: 7_000_000, publishName: false, actor: `org:${ORGS.steel.orgId}` });
    const first = j.receipt({ at: at('2025-09-02', '08:00'), amount: 10_000_000, pledge: named });
    j.reverseReceipt(first, at('2025-09-03', '08:00'));
    j.receipt({ at: at('2025-09-02', '09:00'), amount: 7_000_000, pledge: hidden });
    const flows = await collectFlows(FUND_ID, j.entries, DONORS);
    const rows = flows.incoming.map((r) => [r.day, r.kind, r.amount, r.donor?.orgId ?? '-']);
    expect(rows).toEqual([
      ['2025-09-01', 'pledge', 7_000_000, '-'],
      ['2025-09-01', 'pledge', 10_000_000, ORGS.steel.orgId],
      ['2025-09-02', 'receipt', 7_000_000, '-'],
      ['2025-09-02', 'receipt', 10_000_000, ORGS.steel.orgId],
      ['2025-09-03', 'receipt', -10_000_000, ORGS.steel.orgId],
    ]);
  });

  it('names nobody when the list of organisations is empty', async () => {
    const flows = await collectFlows(FUND_ID, buildHistory().entries);
    expect(flows.incoming.some((r) => r.donor)).toBe(false);
  });

  it('tracks a disbursement from approval to payment and masks numbers typed into its purpose', async () => {
    const j = new JournalBuilder();
    const ref = j.request({ at: at('2025-09-02', '08:00'), ward: WARDS.benThanh, amount: 5_000_000, purpose: 'Chuyển vào STK 1234 5678 9012' });
    j.approve(ref, at('2025-09-02', '10:00'));
    j.pay(ref, at('2025-09-04', '08:00'), at('2025-09-03', '16:00'));
    const [flow] = (await collectFlows(FUND_ID, j.entries)).disbursements;
    expect(flow).toMatchObject({ ref, status: 'paid', amount: 5_000_000, approvedOn: '2025-09-02', paidOn: '2025-09-03', paidAmount: 5_000_000, purpose: 'Chuyển vào STK ***' });
    expect(flow!.recipient).toEqual({ kind: 'unit', code: WARDS.benThanh.code, name: WARDS.benThanh.name });
  });

  it('refuses an entry of another fund, a malformed entry or an amount that is not whole đồng, naming the entry', () => {
    const accumulator = new FlowsAccumulator(FUND_ID);
    const entry = buildHistory().entries[0]!;
    expect(() => accumulator.add({ ...entry, fundId: 'cuba-2025' })).toThrow(ValidationError);
    expect(() => accumulator.add({ ...entry, day: '1/9/2025' })).toThrow(ValidationError);
    expect(() => accumulator.add({ ...entry, at: 'yesterday' })).toThrow(ValidationError);
    expect(() => accumulator.add({ ...entry, publicDetails: undefined as never })).toThrow(ValidationError);
    try {
      accumulator.add({ ...entry, deltas: { pledged: 1.5 } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors).toEqual([{ path: `entries.${entry.entryId}.deltas.pledged`, message: 'must be a safe integer' }]);
    }
  });
});
