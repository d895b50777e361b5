/**
 * Property: after any sequence of ledger commands, each pledge's `received` equals the sum of
 * its un-reversed receipts, the fund's balance equals the journal's sums, available never goes
 * below zero, and replaying the journal gives every aggregate's current state.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { stores } from '../../shared/adapters/dynamo';
import type { JournalEntry } from '../../shared/domain/journal';
import { SoVangError } from '../../shared/errors';
import { actOnDisbursement, requestDisbursement } from '../../shared/usecases/disbursements';
import { cancelPledge, createPledge } from '../../shared/usecases/pledges';
import { recordReceipt, reverseReceipt } from '../../shared/usecases/receipts';
import { allItems, startTestTwin } from '../support/twin';

let twin: Twin;
beforeAll(async () => {
  twin = await startTestTwin();
});
afterAll(async () => twin?.stop());

type Op =
  | { kind: 'pledge'; amount: number }
  | { kind: 'receipt'; amount: number; pledge: number | null }
  | { kind: 'reverse'; receipt: number }
  | { kind: 'cancelPledge'; pledge: number }
  | { kind: 'disburse'; amount: number }
  | { kind: 'approve' | 'pay' | 'cancel'; disbursement: number };

const amount = fc.integer({ min: 1, max: 50 }).map((n) => n * 10_000);
const index = fc.nat({ max: 20 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('pledge' as const), amount }),
  fc.record({ kind: fc.constant('receipt' as const), amount, pledge: fc.option(index, { nil: null }) }),
  fc.record({ kind: fc.constant('reverse' as const), receipt: index }),
  fc.record({ kind: fc.constant('cancelPledge' as const), pledge: index }),
  fc.record({ kind: fc.constant('disburse' as const), amount }),
  fc.record({ kind: fc.constantFrom('approve' as const, 'pay' as const, 'cancel' as const), disbursement: index }),
);

let run = 0;

async function apply(ops: Op[], fundId: string) {
  const pledges: string[] = [];
  const receipts: string[] = [];
  const disbursements: string[] = [];
  let key = 0;
  const ctx = (user: string) => ({ actor: `staff:${user}`, idempotencyKey: `prop-${run}-${key++}`, idempotencyScope: user });
  const pick = <T>(list: T[], i: number) => (list.length ? list[i % list.length] : undefined);
  for (const op of ops) {
    try {
      switch (op.kind) {
        case 'pledge':
          pledges.push((await createPledge(stores, { fundId, donor: { type: 'individual', name: 'Lê Văn Tám' }, amount: op.amount, publishName: false }, ctx('public'))).body.ref);
          break;
        case 'receipt': {
          const pledgeRef = op.pledge === null ? undefined : pick(pledges, op.pledge);
          const r = await recordReceipt(stores, { fundId, amount: op.amount, receivedAt: '2025-09-10T08:00:00+07:00', method: 'bank', pledgeRef }, ctx('an'));
          receipts.push(r.body.id);
          break;
        }
        case 'reverse': {
          const id = pick(receipts, op.receipt);
          if (id) await reverseReceipt(stores, id, 'property test', ctx('lan'));
          break;
        }
        case 'cancelPledge': {
          const ref = pick(pledges, op.pledge);
          if (ref) await cancelPledge(stores, ref, 'property test', ctx('lan'));
          break;
        }
        case 'disburse':
          disbursements.push(
            (await requestDisbursement(stores, { fundId, beneficiary: { organisation: { name: 'Hội Chữ thập đỏ', taxCode: '0300000001' } }, amount: op.amount, purpose: 'cứu trợ' }, ctx('an'))).body.ref,
          );
          break;
        default: {
          const ref = pick(disbursements, op.disbursement);
          if (!ref) break;
          const input = op.kind === 'pay' ? { action: 'pay' as const, bankRef: `FT${key}`, paidAt: '2025-09-11T08:00:00+07:00' } : { action: op.kind };
          await actOnDisbursement(stores, ref, input, ctx(op.kind === 'approve' ? 'lan' : 'an'));
        }
      }
    } catch (error) {
      // Refusals (409, 403, 422) are part of the property: they must write nothing.
      if (!(error instanceof SoVangError) || error.constructor.name === 'SoVangError') throw error;
    }
  }
}

describe('ledger invariants', () => {
  it('hold after random sequences of pledge, receipt, reverse, disburse, approve, pay and cancel', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 35 }), async (ops) => {
        run++;
        const fundId = ['cuba-2025', 'lu-lut-2024', 'vi-nguoi-ngheo', 'an-sinh-hcm-2025'][run % 4]!;
        const itemsBefore = await allItems(twin);
        const journalBefore = new Set(itemsBefore.filter((i) => i.kind === 'JOURNAL').map((i) => i.entryId));
        await apply(ops, fundId);
        const items = await allItems(twin);
        const journal = items.filter((i) => i.kind === 'JOURNAL' && i.fundId === fundId) as unknown as JournalEntry[];

        // Pledges: received = sum of un-reversed receipts; the journal replays to the same amount.
        const receipts = items.filter((i) => i.kind === 'RECEIPT' && i.fundId === fundId);
        for (const pledge of items.filter((i) => i.kind === 'PLEDGE' && i.fundId === fundId)) {
          const live = receipts.filter((r) => r.pledgeId === pledge.id && r.status === 'RECORDED').reduce((s, r) => s + Number(r.amount), 0);
          expect(pledge.received).toBe(live);
          const replayed = journal.filter((e) => e.publicDetails.pledgeRef === pledge.ref).reduce((s, e) => s + (e.deltas.received ?? 0), 0);
          expect(replayed).toBe(live);
          const pledgedReplay = journal.filter((e) => e.entityRef === pledge.ref).reduce((s, e) => s + (e.deltas.pledged ?? 0), 0);
          expect(pledgedReplay).toBe(pledge.status === 'CANCELLED' ? 0 : pledge.amount);
        }

        // The fund's balance item equals the journal's sums, and available is never negative.
        const sum = (name: 'received' | 'approved' | 'disbursed') => journal.reduce((s, e) => s + (e.deltas[name] ?? 0), 0);
        const balance = items.find((i) => i.pk === `FUND#${fundId}` && i.sk === 'BALANCE') ?? { received: 0, approved: 0, disbursed: 0, available: 0 };
        expect([balance.received, balance.approved, balance.disbursed]).toEqual([sum('received'), sum('approved'), sum('disbursed')]);
        expect(balance.available).toBe(sum('received') - sum('approved') - sum('disbursed'));
        expect(Number(balance.available)).toBeGreaterThanOrEqual(0);

        // Disbursements: replaying their journal entries gives their current status.
        const lastStatus: Record<string, string> = {};
        for (const entry of [...journal].sort((a, b) => a.entryId.localeCompare(b.entryId))) {
          if (entry.entityType === 'disbursement') lastStatus[entry.entityRef] = entry.type.replace('DISBURSEMENT_', '');
        }
        for (const d of items.filter((i) => i.kind === 'DISBURSEMENT' && i.fundId === fundId)) {
          expect(lastStatus[String(d.ref)]).toBe(d.status);
        }
        // The journal only grows.
        for (const id of journalBefore) expect(items.some((i) => i.kind === 'JOURNAL' && i.entryId === id)).toBe(true);
      }),
      { numRuns: 12, seed: 20251125 },
    );
  });
});
