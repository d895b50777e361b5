/**
 * A clerk's decisions on a statement's lines (DESIGN §9.1): match a counted line the matcher
 * left to a pledge or a disbursement, set it aside, count a held line (an inferred amount in one
 * click), or discard a line as a duplicate or as not a transaction. Every decision is one
 * command: the line's batch (version-checked), the ledger's own writes, a journal entry under the
 * clerk's name and the statement's counters. Every entry a line causes carries the line's value
 * date as its day (§9.3), so a decision weeks later never moves money between published days.
 */
import { saltFor } from '../../reports/name-salt';
import type { z } from 'zod';
import { isLate } from '../../domain/funds';
import { newId } from '../../domain/ids';
import { vietnamDay, type JournalEntry, type JournalEntryType } from '../../domain/journal';
import { ANONYMOUS_DONOR, publicDonorName, statusAfterReceipts, type Pledge } from '../../domain/pledges';
import { Matcher, refsToLookUp } from '../../domain/statements/match';
import { normalBankRef } from '../../domain/statements/identity';
import { counterChange, lineId, publicLineDetails, type LineBatch, type LineRecord, type Statement } from '../../domain/statements/statement';
import type { StatementLine } from '../../domain/statements/types';
import { ConflictError, UnprocessableError } from '../../errors';
import { executeCommand, type CommandContext, type CommandDeps } from '../command';
import type { Stores, WriteOp } from '../ports';
import type { CountLineBody, DiscardLineBody, MatchLineBody } from '../../schemas/reconciliation';
import { recordReceipt } from '../receipts';
import { disbursementCommands, payFromLine } from './disbursement-commands';
import { mergeWrites, planCommand } from './unit-of-work';
import { FileNames, lineOf, lineView, type StatementLineView } from './views';

/** A clerk's decision on a line: the line, and the receipt or payment it makes through their own commands. */
export type LineDecisionDeps = CommandDeps & Pick<Stores, 'statements' | 'statementLines' | 'funds' | 'pledges' | 'receipts' | 'disbursements' | 'dayIndex'>;

export type MatchBody = z.output<typeof MatchLineBody>;
export type CountBody = z.output<typeof CountLineBody>;
export type DiscardBody = z.output<typeof DiscardLineBody>;

/** The day a line's entries count in: its value date (DESIGN §9.3), or the decision's own day for a line without one. */
const dayOf = (line: Pick<LineRecord, 'valueDate'>, at: string) => line.valueDate ?? vietnamDay(at);

export function decisionEntry(statementId: string, fundId: string, line: LineRecord, type: JournalEntryType, actor: string, at: string, extra: Record<string, string | number> = {}): JournalEntry {
  return {
    entryId: newId(Date.parse(at)),
    fundId,
    type,
    at,
    day: dayOf(line, at),
    actor,
    entityRef: lineId(statementId, line.lineNo),
    entityType: 'statement-line',
    // Zero deltas: the money is in the receipt's or the disbursement's own entry.
    deltas: {},
    publicDetails: { ...publicLineDetails(statementId, line, 'manual'), ...extra },
  };
}

/** The reversal of a line's own receipt: the money out of `received` on the line's own day. */
function lineReceiptReversal(statement: Statement, line: LineRecord, actor: string, at: string, reason: string, pledge: Pledge | null): WriteOp[] {
  const amount = line.amount!;
  const ops: WriteOp[] = [
    {
      op: 'journal',
      entry: {
        entryId: newId(Date.parse(at)),
        fundId: statement.fundId,
        type: 'RECEIPT_REVERSED',
        at,
        day: dayOf(line, at),
        actor,
        entityRef: lineId(statement.id, line.lineNo),
        entityType: 'receipt',
        deltas: { received: -amount, receiptCount: -1, ...(line.pledgeRef ? {} : { donorCount: -1 }) },
        publicDetails: { reason, ...(line.pledgeRef ? { pledgeRef: line.pledgeRef } : {}) },
      },
    },
    { op: 'fundBalance', fundId: statement.fundId, change: { received: -amount } },
  ];
  if (pledge) {
    const received = pledge.received - amount;
    ops.push({
      op: 'update',
      aggregate: { type: 'pledge', value: { ...pledge, received, status: statusAfterReceipts(pledge.amount, received, pledge.status === 'CANCELLED'), version: pledge.version + 1 } },
      expectedVersion: pledge.version,
    });
  }
  return ops;
}

interface Decided {
  next: LineRecord;
  ops: WriteOp[];
  onRejected?: (failedOp: string) => Error | undefined;
}

/** One decision as one command: the batch with the line replaced, the counters' change, and the decision's own writes. */
async function decide(
  deps: LineDecisionDeps,
  operation: string,
  statementId: string,
  id: string,
  body: unknown,
  context: CommandContext,
  plan: (loaded: { statement: Statement; batch: LineBatch; line: LineRecord }, at: string, inner: CommandContext) => Promise<Decided>,
) {
  return executeCommand<StatementLineView>(deps, operation, { statementId, id, body }, context, async (now) => {
    const loaded = await lineOf(deps, statementId, id);
    const at = now.toISOString();
    const decided = await plan(loaded, at, { ...context, now: () => now });
    const { statement, batch, index, line } = loaded;
    const lines = [...batch.lines];
    lines[index] = decided.next;
    const ops: WriteOp[] = [
      ...decided.ops,
      { op: 'update', aggregate: { type: 'statementBatch', value: { ...batch, lines, version: batch.version + 1 } }, expectedVersion: batch.version },
      { op: 'statementCounters', statementId, change: counterChange(line, decided.next) },
    ];
    return {
      ops: mergeWrites(ops),
      response: { status: 200, body: await lineView(statement, decided.next, new FileNames(deps.statements)) },
      onRejected: (error) => {
        const mapped = decided.onRejected?.(error.failedOp);
        if (mapped) return mapped;
        if (error.failedOp === 'fundBalance') return new ConflictError("The fund's available balance cannot cover this change", line.status ?? line.class);
        return undefined;
      },
    };
  });
}

function mustBeOpen(line: LineRecord): void {
  if (line.class !== 'COUNTED') {
    throw new ConflictError(`Dòng sao kê đang ở loại ${line.class} / The line is ${line.class}: count it first`, line.class);
  }
  if (line.status === 'MATCHED' || line.status === 'IGNORED') {
    throw new ConflictError(
      `Dòng sao kê đã được xử lý (${line.status}) / The line is already ${line.status}` + (line.replacedBy ? `: reverse receipt ${line.replacedBy} first to change it` : ''),
      line.status,
    );
  }
}

/**
 * A clerk matches an UNMATCHED or FLAGGED counted line.
 * - A credit to a pledge. Its money is already in the ledger as the line's own receipt, unlinked,
 *   so that receipt is replaced: a receipt linked to the pledge is recorded and the line's own
 *   reversed, in the same transaction and on the line's own day, which leaves `received` and the
 *   day's total unchanged and raises the pledge's.
 * - A debit to a disbursement: marks it PAID, as the import would have, if the amounts agree.
 */
export async function matchLine(deps: LineDecisionDeps, statementId: string, id: string, body: MatchBody, context: CommandContext) {
  return decide(deps, 'MatchStatementLine', statementId, id, body, context, async ({ statement, line }, at, inner) => {
    mustBeOpen(line);
    const ops: WriteOp[] = [];
    const next: LineRecord = { ...line, status: 'MATCHED', decidedBy: context.actor, decidedAt: at };
    if ('pledgeRef' in body) {
      if (line.direction !== 'CREDIT') {
        throw new UnprocessableError('A debit pays a disbursement: match it with disbursementRef', [{ path: 'body.pledgeRef', message: 'the line is a debit' }]);
      }
      const pledge = await deps.pledges.getByRef(body.pledgeRef);
      if (!pledge || pledge.fundId !== statement.fundId) {
        throw new UnprocessableError(`No pledge ${body.pledgeRef} in fund ${statement.fundId}`, [{ path: 'body.pledgeRef', message: `no such pledge in fund ${statement.fundId}` }]);
      }
      const input = { fundId: statement.fundId, amount: line.amount!, receivedAt: line.bookedAt!, method: 'bank' as const, payerName: line.counterparty?.slice(0, 200), pledgeRef: pledge.ref };
      const recorded = await planCommand(deps, (planning) => recordReceipt(planning, input, inner, { statementLineId: lineId(statement.id, line.lineNo), memo: line.memo }));
      ops.push(...recorded.ops);
      if (line.receipt === 'RECORDED') {
        const reason = `Dòng sao kê khớp với ${pledge.ref} / statement line matched to ${pledge.ref}`;
        ops.push(...lineReceiptReversal(statement, line, context.actor, at, reason, null));
        Object.assign(next, { receipt: 'REVERSED', receiptReversedAt: at, receiptReversedBy: context.actor, receiptReversalReason: reason });
      }
      Object.assign(next, { effect: 'RECEIPT', pledgeRef: pledge.ref, replacedBy: recorded.body.id });
      delete next.disbursementRef;
    } else {
      if (line.direction !== 'DEBIT') {
        throw new UnprocessableError('A credit is money received: match it with pledgeRef', [{ path: 'body.disbursementRef', message: 'the line is a credit' }]);
      }
      const { actOnDisbursement, findDisbursement } = await disbursementCommands();
      const disbursement = await findDisbursement(deps, body.disbursementRef).catch(() => null);
      if (!disbursement || disbursement.fundId !== statement.fundId) {
        throw new UnprocessableError(`No disbursement ${body.disbursementRef} in fund ${statement.fundId}`, [
          { path: 'body.disbursementRef', message: `no such disbursement in fund ${statement.fundId}` },
        ]);
      }
      if (disbursement.amount !== line.amount) {
        throw new UnprocessableError(`The line is ${line.amount} đồng, disbursement ${disbursement.ref} is ${disbursement.amount}`, [
          { path: 'body.disbursementRef', message: `amount ${disbursement.amount} differs from the line's ${line.amount}` },
        ]);
      }
      const paid = await planCommand(deps, (planning) =>
        actOnDisbursement(planning, disbursement.ref, { action: 'pay', bankRef: line.bankRef || `line:${lineId(statement.id, line.lineNo)}`, paidAt: line.bookedAt! }, inner),
      );
      ops.push(...paid.ops);
      Object.assign(next, { effect: 'DISBURSEMENT_PAID', disbursementRef: disbursement.ref });
      delete next.pledgeRef;
    }
    ops.push({ op: 'journal', entry: decisionEntry(statement.id, statement.fundId, next, 'STATEMENT_LINE_MATCHED', context.actor, at) });
    return {
      next,
      ops,
      onRejected: (failedOp) => (failedOp === 'unique' ? new ConflictError(`Bank reference ${line.bankRef} is already recorded for fund ${statement.fundId}`, line.status) : undefined),
    };
  });
}

/** A clerk sets a counted line aside with a reason (a bank fee, an internal transfer). Its receipt, if any, stays. */
export async function ignoreLine(deps: LineDecisionDeps, statementId: string, id: string, reason: string, context: CommandContext) {
  return decide(deps, 'IgnoreStatementLine', statementId, id, { reason }, context, async ({ statement, line }, at) => {
    mustBeOpen(line);
    const next: LineRecord = { ...line, status: 'IGNORED', ignoreReason: reason, decidedBy: context.actor, decidedAt: at };
    return { next, ops: [{ op: 'journal', entry: decisionEntry(statement.id, statement.fundId, next, 'STATEMENT_LINE_IGNORED', context.actor, at, { reason }) }] };
  });
}

/** The line as it will count: what it gives, completed by what the clerk read on the bank's own copy (never contradicting it). */
function completed(line: LineRecord, body: CountBody): StatementLine {
  const fields = { amount: body.amount, direction: body.direction, valueDate: body.valueDate };
  for (const [field, value] of Object.entries(fields) as [keyof typeof fields, unknown][]) {
    if (value !== undefined && line[field] !== undefined && line[field] !== value) {
      throw new UnprocessableError(`The line's ${field} is ${String(line[field])}`, [{ path: `body.${field}`, message: `the line gives ${String(line[field])}` }]);
    }
  }
  const amount = line.amount ?? body.amount;
  const direction = line.direction ?? body.direction;
  const valueDate = line.valueDate ?? body.valueDate;
  const missing = (['amount', 'direction', 'valueDate'] as const).filter((f) => (f === 'amount' ? amount : f === 'direction' ? direction : valueDate) === undefined);
  if (missing.length) {
    throw new UnprocessableError('The line does not say its amount, direction or date: give what the bank’s own copy says', missing.map((f) => ({ path: `body.${f}`, message: 'is required for this line' })));
  }
  return {
    lineNo: line.lineNo,
    row: line.row,
    bookedAt: line.bookedAt && line.valueDate ? line.bookedAt : `${valueDate}T00:00:00+07:00`,
    valueDate: valueDate!,
    direction: direction!,
    amount: amount!,
    bankRef: line.bankRef,
    memo: line.memo,
    ...(line.counterparty ? { counterparty: line.counterparty } : {}),
  };
}

/**
 * A clerk counts a held line: an inferred amount accepted in one click, a possible duplicate the
 * clerk knows is a transaction of its own, or an unreadable row with what the bank's own copy
 * says. The line is matched as the import would have matched it, and its receipt's entry counts
 * on the line's value date.
 */
export async function countLine(deps: LineDecisionDeps, statementId: string, id: string, body: CountBody, context: CommandContext) {
  return decide(deps, 'CountStatementLine', statementId, id, body, context, async ({ statement, line }, at, inner) => {
    if (line.class !== 'HELD') throw new ConflictError(`Dòng sao kê không bị giữ / The line is ${line.class}, not held`, line.class);
    const effective = completed(line, body);
    const fund = await deps.funds.get(statement.fundId);
    if (effective.bankRef) {
      const owners = await deps.receipts.bankRefOwners(statement.fundId, [...new Set([effective.bankRef.trim(), normalBankRef(effective.bankRef)])]);
      const owner = [...owners.values()][0];
      if (owner) throw new ConflictError(`Giao dịch đã được ghi tay (biên nhận ${owner}) / The transfer was recorded by hand as receipt ${owner}: discard the line as its duplicate`, line.class);
    }
    const refs = [...refsToLookUp([effective])];
    const [pledges, disbursements] = await Promise.all([deps.pledges.getByRefs(refs.filter((r) => r.startsWith('UH'))), deps.disbursements.getByRefs(refs.filter((r) => r.startsWith('GN')))]);
    const own = { pledges: pledges.filter((p) => p.fundId === statement.fundId), disbursements: disbursements.filter((d) => d.fundId === statement.fundId) };
    const match = new Matcher({
      pledges: new Map(own.pledges.map((p) => [p.ref, { amount: p.amount, received: p.received }])),
      disbursements: new Map(own.disbursements.map((d) => [d.ref, { amount: d.amount, paid: d.status === 'PAID' || d.status === 'CONFIRMED' }])),
    }).match(effective);
    const next: LineRecord = {
      ...line,
      class: 'COUNTED',
      valueDate: effective.valueDate,
      bookedAt: effective.bookedAt,
      direction: effective.direction,
      amount: effective.amount,
      status: match.status,
      reasons: match.reasons,
      codes: match.codes,
      nearMisses: match.nearMisses,
      effect: 'NONE',
      decidedBy: context.actor,
      decidedAt: at,
    };
    delete next.heldReason;
    const ops: WriteOp[] = [];
    if (effective.direction === 'CREDIT') {
      let pledge = match.pledgeRef ? own.pledges.find((p) => p.ref === match.pledgeRef) : undefined;
      if (pledge?.status === 'CANCELLED') {
        Object.assign(next, { status: 'FLAGGED', reasons: [...next.reasons, 'PLEDGE_CANCELLED'] });
        pledge = undefined;
      }
      const amount = effective.amount;
      const late = fund ? isLate(fund, effective.bookedAt) : false;
      if (late) next.late = true;
      const entry: JournalEntry = {
        entryId: newId(Date.parse(at)),
        fundId: statement.fundId,
        type: 'STATEMENT_LINES_COUNTED',
        at,
        day: effective.valueDate,
        actor: context.actor,
        entityRef: statement.id,
        entityType: 'statement',
        deltas: { received: amount, receiptCount: 1, ...(pledge ? {} : { donorCount: 1 }) },
        publicDetails: { statementId: statement.id, firstLineNo: line.lineNo, lastLineNo: line.lineNo, receipts: 1 },
        lines: [{ receiptId: lineId(statement.id, line.lineNo), lineNo: line.lineNo, amount, donor: pledge ? publicDonorName(pledge) : ANONYMOUS_DONOR, ...(pledge ? { pledgeRef: pledge.ref, ...saltFor(publicDonorName(pledge)) } : {}), ...(late ? { late: true as const } : {}) }],
      };
      ops.push({ op: 'journal', entry }, { op: 'fundBalance', fundId: statement.fundId, change: { received: amount } });
      if (pledge) {
        const received = pledge.received + amount;
        ops.push({
          op: 'update',
          aggregate: { type: 'pledge', value: { ...pledge, received, status: statusAfterReceipts(pledge.amount, received, false), version: pledge.version + 1 } },
          expectedVersion: pledge.version,
        });
        Object.assign(next, { pledgeRef: pledge.ref, amountCheck: match.amountCheck, expectedAmount: match.expectedAmount });
      }
      Object.assign(next, { effect: 'RECEIPT', receipt: 'RECORDED' });
    } else if (match.effect === 'DISBURSEMENT_PAID' && match.disbursementRef) {
      const paid = await payFromLine(deps, match.disbursementRef, { bankRef: line.bankRef || `line:${lineId(statement.id, line.lineNo)}`, paidAt: effective.bookedAt, account: statement.account }, inner);
      if ('ops' in paid) {
        ops.push(...paid.ops);
        Object.assign(next, { effect: 'DISBURSEMENT_PAID', disbursementRef: match.disbursementRef });
      } else {
        Object.assign(next, { status: 'FLAGGED', reasons: [...next.reasons, paid.flag] });
      }
    }
    ops.push({ op: 'journal', entry: decisionEntry(statement.id, statement.fundId, next, 'STATEMENT_LINE_COUNTED', context.actor, at, { held: line.heldReason ?? 'HELD', ...(body.note ? { note: body.note } : {}) }) });
    return { next, ops };
  });
}

/**
 * A clerk discards a line: a held one as the duplicate it may be, or as not a transaction; a
 * counted one (its receipt reversed on the line's own day) when it turns out to be either.
 */
export async function discardLine(deps: LineDecisionDeps, statementId: string, id: string, body: DiscardBody, context: CommandContext) {
  return decide(deps, 'DiscardStatementLine', statementId, id, body, context, async ({ statement, line }, at) => {
    if (line.class === 'DUPLICATE' || line.class === 'NOT_TRANSACTION') throw new ConflictError(`Dòng sao kê đã được loại / The line is already ${line.class}`, line.class);
    const ops: WriteOp[] = [];
    const next: LineRecord = { ...line, class: body.as, discardReason: body.reason, decidedBy: context.actor, decidedAt: at };
    delete next.heldReason;
    delete next.status;
    if (body.as === 'DUPLICATE' && line.candidate) next.duplicateOf = line.candidate;
    if (line.class === 'COUNTED') {
      if (line.effect === 'DISBURSEMENT_PAID' || line.replacedBy) {
        throw new ConflictError(
          line.replacedBy ? `Reverse receipt ${line.replacedBy} first` : `The line paid disbursement ${line.disbursementRef}: that payment is corrected on the disbursement`,
          line.status,
        );
      }
      if (line.receipt === 'RECORDED') {
        const pledge = line.pledgeRef ? await deps.pledges.getByRef(line.pledgeRef) : null;
        ops.push(...lineReceiptReversal(statement, line, context.actor, at, body.reason, pledge));
        const balance = ops.find((op) => op.op === 'fundBalance');
        if (balance && balance.op === 'fundBalance') balance.requireAvailable = line.amount!;
        Object.assign(next, { receipt: 'REVERSED', receiptReversedAt: at, receiptReversedBy: context.actor, receiptReversalReason: body.reason, effect: 'NONE' });
      }
    }
    ops.push({ op: 'journal', entry: decisionEntry(statement.id, statement.fundId, next, 'STATEMENT_LINE_DISCARDED', context.actor, at, { as: body.as, reason: body.reason }) });
    return {
      next,
      ops,
      onRejected: (failedOp) =>
        failedOp === 'fundBalance' ? new ConflictError('Số dư khả dụng không đủ để đảo / The fund’s available balance cannot cover taking this money back: it is already committed', line.class) : undefined,
    };
  });
}

export { lineView };
