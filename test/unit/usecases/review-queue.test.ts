import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../shared/errors';
import { reviewQueue } from '../../../shared/usecases/review-queue';
import { linesToReview } from '../../../shared/usecases/statements/reconciliation';
import { batch, line, statement } from '../../contract/fixture';
import { memoryLedger, OPEN_FUND, type MemoryLedger } from '../../support/memory-ledger';

const fundId = OPEN_FUND.fundId;
let ledger: MemoryLedger;
const query = (overrides: Record<string, unknown> = {}) => ({ sort: 'date' as const, order: 'asc' as const, limit: 25, ...overrides });

beforeEach(async () => {
  ledger = memoryLedger();
  const s = statement(fundId, { status: "COMPLETED", unmatched: 40, flagged: 20, counted: 61, matched: 1 });
  // 60 lines to review: amounts 1…60 thousand, days spread over three months, every third flagged; one matched line that must not show.
  const lines = Array.from({ length: 60 }, (_, i) =>
    line(i + 1, { amount: (60 - i) * 1000, valueDate: `2025-0${7 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')}`, status: i % 3 === 0 ? 'FLAGGED' : 'UNMATCHED' }),
  );
  lines.push(line(61, { status: 'MATCHED', pledgeRef: 'UHV1EWZE1', effect: 'RECEIPT' }));
  await ledger.stores.transaction.commit([{ op: 'create', aggregate: { type: 'statement', value: s } }]);
  for (let i = 0; i < lines.length; i += 20) await ledger.stores.transaction.commit([{ op: 'create', aggregate: { type: 'statementBatch', value: batch(s, i + 1, lines.slice(i, i + 20)) } }]);
});

describe('the review queue', () => {
  it('pages through every waiting line once, oldest value date first, with the total', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await reviewQueue(ledger.stores, fundId, query({ cursor }));
      expect(page.total).toBe(60);
      expect(page.offset).toBe(seen.length);
      expect(page.items.length).toBeLessThanOrEqual(25);
      seen.push(...page.items.map((l) => l.lineId));
      cursor = page.cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(60);
    const first = await reviewQueue(ledger.stores, fundId, query({ limit: 60 }));
    const days = first.items.map((l) => l.valueDate);
    expect(days).toEqual([...days].sort());
  });

  it('sorts by amount, largest first, and by status, flagged first', async () => {
    const largest = await reviewQueue(ledger.stores, fundId, query({ sort: 'amount', order: 'desc', limit: 3 }));
    expect(largest.items.map((l) => l.amount)).toEqual([60_000, 59_000, 58_000]);
    const byStatus = await reviewQueue(ledger.stores, fundId, query({ sort: 'status', limit: 60 }));
    expect(byStatus.items.slice(0, 20).every((l) => l.status === 'FLAGGED')).toBe(true);
    expect(byStatus.items.slice(20).every((l) => l.status === 'UNMATCHED')).toBe(true);
    const flagged = await reviewQueue(ledger.stores, fundId, query({ status: 'FLAGGED' }));
    expect(flagged.total).toBe(20);
  });

  it('caps each kind of waiting line on its own: a backlog of held lines does not crowd out the flagged ones asked for', async () => {
    const s = (await ledger.stores.statements.list(fundId, { limit: 1 })).items[0]!;
    const held = Array.from({ length: 5 }, (_, i) => line(100 + i, { class: 'HELD', heldReason: 'UNREADABLE' }));
    await ledger.stores.transaction.commit([
      { op: 'create', aggregate: { type: 'statementBatch', value: batch(s, 100, held) } },
      { op: 'statementCounters', statementId: s.id, change: { held: 5 } },
    ]);
    const statement = (await ledger.stores.statements.get(s.id))!;
    expect((await linesToReview(ledger.stores, [statement], 4)).map((l) => l.class)).toEqual(['HELD', 'HELD', 'HELD', 'HELD']);
    const flagged = await linesToReview(ledger.stores, [statement], 4, 'FLAGGED');
    expect(flagged.map((l) => l.status)).toEqual(['FLAGGED', 'FLAGGED', 'FLAGGED', 'FLAGGED']);
  });

  it('refuses a cursor of another sort (400 on query.cursor) and an unknown fund (404)', async () => {
    const page = await reviewQueue(ledger.stores, fundId, query());
    await expect(reviewQueue(ledger.stores, fundId, query({ sort: 'amount', cursor: page.cursor }))).rejects.toBeInstanceOf(ValidationError);
    await expect(reviewQueue(ledger.stores, 'no-such-fund', query())).rejects.toBeInstanceOf(NotFoundError);
  });
});
