/**
 * Reconciliation of a fund: what the bank says against what the ledger says, and
 * the work left for people: lines to review, overdue pledges, approved payouts not yet paid.
 */
import { vietnamDay } from '../../domain/journal';
import { COUNTERS, lineId, type CounterName, type LineRecord, type Statement } from '../../domain/statements/statement';
import { NotFoundError } from '../../errors';
import type { Stores } from '../ports';
import * as clock from '../../domain/clock';

export type ReconciliationDeps = Pick<Stores, 'funds' | 'statements' | 'statementLines' | 'pledges' | 'disbursements'>;

const LIST_LIMIT = 100;

export async function allStatements(deps: Pick<Stores, 'statements'>, fundId: string): Promise<Statement[]> {
  const out: Statement[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.statements.list(fundId, { cursor, limit: 100 });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

/** Statements whose lines count: read, and importing or done. */
export const importedStatements = (statements: readonly Statement[]) => statements.filter((s) => s.facts && (s.status === 'IMPORTING' || s.status === 'COMPLETED'));

export function reviewItem(statement: Statement, line: LineRecord) {
  return {
    statementId: statement.id,
    fileName: statement.fileName,
    lineId: lineId(statement.id, line.lineNo),
    lineNo: line.lineNo,
    ...(line.valueDate ? { valueDate: line.valueDate } : {}),
    ...(line.direction ? { direction: line.direction } : {}),
    ...(line.amount !== undefined ? { amount: line.amount } : {}),
    class: line.class,
    ...(line.status ? { status: line.status } : {}),
    ...(line.heldReason ? { heldReason: line.heldReason } : {}),
    effect: line.effect,
    reasons: line.reasons,
    memo: line.memo,
    suggestions: line.nearMisses.flatMap((m) => m.suggestions),
  };
}

const waits = (line: LineRecord) => line.class === 'HELD' || (line.class === 'COUNTED' && (line.status === 'UNMATCHED' || line.status === 'FLAGGED'));

const WAITING = ['HELD', 'FLAGGED', 'UNMATCHED'] as const;

/**
 * Lines waiting for a person, across the fund's statements (held first, then flagged and
 * unmatched), at most `limit`; with `only`, the lines of that one kind, so the limit is theirs.
 */
export async function linesToReview(deps: Pick<Stores, 'statementLines'>, statements: readonly Statement[], limit: number, only?: (typeof WAITING)[number]) {
  const items: ReturnType<typeof reviewItem>[] = [];
  for (const having of only ? [only] : WAITING) {
    for (const statement of statements) {
      const count = having === 'HELD' ? statement.held : having === 'FLAGGED' ? statement.flagged : statement.unmatched;
      for (let from = 1; count > 0 && items.length < limit; ) {
        const scan = await deps.statementLines.scan(statement.id, { fromLineNo: from, maxBatches: 4, having });
        for (const batch of scan.batches) {
          for (const line of batch.lines) if (items.length < limit && waits(line) && (line.class === having || line.status === having)) items.push(reviewItem(statement, line));
        }
        if (scan.next === undefined) break;
        from = scan.next;
      }
    }
  }
  return items;
}

export async function getReconciliation(deps: ReconciliationDeps, fundId: string, now = clock.now()) {
  const fund = await deps.funds.get(fundId);
  if (!fund) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  const today = vietnamDay(now.toISOString());
  const [statements, ledger, overdue, disbursements] = await Promise.all([
    allStatements(deps, fundId),
    deps.funds.balance(fundId),
    deps.pledges.listOverdue(fundId, today),
    deps.disbursements.listByFund(fundId),
  ]);

  const counted = importedStatements(statements);
  const review = await linesToReview(deps, counted, LIST_LIMIT);
  const sums = Object.fromEntries(COUNTERS.map((name) => [name, counted.reduce((total, s) => total + (s[name] ?? 0), 0)])) as Record<CounterName, number>;
  // The statement that reaches furthest in time; for the same period, the later upload.
  const latest = [...counted].sort((a, b) => (a.facts!.periodTo ?? '').localeCompare(b.facts!.periodTo ?? '') || a.id.localeCompare(b.id)).at(-1);
  const statementBalance =
    latest?.facts?.closingBalance !== undefined
      ? { amount: latest.facts.closingBalance, basis: 'closingBalance' as const, statementId: latest.id, asOf: latest.facts.periodTo }
      : { amount: sums.countedCredited - sums.countedDebited, basis: 'countedCreditsMinusDebits' as const, ...(latest ? { asOf: latest.facts!.periodTo } : {}) };
  const ledgerBalance = ledger.received - ledger.disbursed;

  const overdueItems = overdue
    .map((p) => ({ ref: p.ref, amount: p.amount, received: p.received, outstanding: p.amount - p.received, dueDate: p.dueDate, status: p.status }))
    .sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? '') || a.ref.localeCompare(b.ref));
  const approved = disbursements
    .filter((d) => d.status === 'APPROVED')
    .map((d) => ({ ref: d.ref, amount: d.amount, purpose: d.purpose, approvedAt: d.approvedAt, beneficiary: d.beneficiary }))
    .sort((a, b) => (a.approvedAt ?? '').localeCompare(b.approvedAt ?? ''));

  return {
    fundId,
    asOf: now.toISOString(),
    statementBalance,
    ledgerBalance: { amount: ledgerBalance, received: ledger.received, disbursed: ledger.disbursed, approved: ledger.approved, available: ledger.available },
    difference: statementBalance.amount - ledgerBalance,
    statements: {
      count: statements.length,
      imported: counted.length,
      failed: statements.filter((s) => s.status === 'FAILED').length,
      pending: statements.filter((s) => s.status === 'AWAITING_UPLOAD' || s.status === 'QUEUED').length,
      counted: sums.counted,
      held: { count: sums.held, amount: sums.heldCredited + sums.heldDebited },
      duplicates: sums.duplicates,
      credits: { count: sums.countedCredits, amount: sums.countedCredited },
      debits: { count: sums.countedDebits, amount: sums.countedDebited },
    },
    lines: {
      matched: { count: sums.matched, amount: sums.matchedAmount },
      unmatched: { count: sums.unmatched, amount: sums.unmatchedAmount },
      flagged: { count: sums.flagged, amount: sums.flaggedAmount },
      ignored: { count: sums.ignored, amount: sums.ignoredAmount },
      /** Bank movements that are in no receipt or disbursement: what explains a difference. */
      outsideLedger: { credited: sums.outsideLedgerCredited, debited: sums.outsideLedgerDebited },
      toReview: review,
      toReviewTruncated: review.length >= LIST_LIMIT,
    },
    overduePledges: {
      count: overdueItems.length,
      outstanding: overdueItems.reduce((total, p) => total + p.outstanding, 0),
      items: overdueItems.slice(0, LIST_LIMIT),
    },
    approvedNotPaid: {
      count: approved.length,
      amount: approved.reduce((total, d) => total + d.amount, 0),
      items: approved.slice(0, LIST_LIMIT),
    },
  };
}
