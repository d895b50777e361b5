import { saltFor } from '../reports/name-salt';
import { isLate } from '../domain/funds';
import { newId } from '../domain/ids';
import { vietnamDay, type JournalEntry } from '../domain/journal';
import { ANONYMOUS_DONOR, publicDonorName, statusAfterReceipts, type Pledge } from '../domain/pledges';
import { paymentFlags, type Receipt, type RecordReceiptInput } from '../domain/receipts';
import { ConcurrentModificationError, ConflictError, NotFoundError, UnprocessableError } from '../errors';
import { executeCommand, type CommandContext, type CommandDeps } from './command';
import type { Stores, WriteOp } from './ports';
import { requireScope, type Scope } from './scope';
import { lineReceipt, statementLineWithRef } from './statements/line-receipts';

export type RecordReceiptDeps = CommandDeps & Pick<Stores, 'funds' | 'pledges' | 'dayIndex'>;
export type ReverseReceiptDeps = CommandDeps & Pick<Stores, 'receipts' | 'pledges' | 'funds' | 'statements' | 'statementLines'>;

export interface ReceiptSource {
  statementLineId?: string;
  memo?: string;
}

/**
 * Primary course:
 *  1. The fund exists, in whatever state: money that arrived is never ignored (DESIGN §4.1, 9); one
 *     that arrived after the receiving window (or once the fund closed) is flagged LATE. A linked
 *     pledge exists, belongs to the fund and is not cancelled.
 *  2. The receipt raises the pledge's `received`; the pledge becomes PARTIALLY_RECEIVED or
 *     FULFILLED, and an overpayment is allowed but flagged.
 *  3. One transaction: receipt, pledge (version check), bank reference claimed once per fund,
 *     RECEIPT_RECORDED journal entry, the fund's balance, the idempotency record.
 */
export async function recordReceipt(
  deps: RecordReceiptDeps,
  input: RecordReceiptInput,
  context: CommandContext,
  source: ReceiptSource = {},
) {
  return executeCommand<Receipt>(deps, 'RecordReceipt', { input, source }, context, async (now) => {
    const fund = await deps.funds.get(input.fundId);
    if (!fund) throw new UnprocessableError(`Unknown fund ${input.fundId}`, [{ path: 'body.fundId', message: `unknown fund ${input.fundId}` }]);
    requireScope(context.scope, fund);
    const late = isLate(fund, input.receivedAt);
    let pledge: Pledge | null = null;
    if (input.pledgeRef) {
      pledge = await deps.pledges.getByRef(input.pledgeRef);
      if (!pledge) throw new UnprocessableError(`No pledge ${input.pledgeRef}`, [{ path: 'body.pledgeRef', message: 'no such pledge' }]);
      if (pledge.fundId !== input.fundId) {
        throw new UnprocessableError(`Pledge ${input.pledgeRef} belongs to fund ${pledge.fundId}`, [
          { path: 'body.pledgeRef', message: `belongs to fund ${pledge.fundId}` },
        ]);
      }
      if (pledge.status === 'CANCELLED') throw new ConflictError(`Pledge ${pledge.ref} is cancelled`, pledge.status);
    }
    const at = now.toISOString();
    const receipt: Receipt = {
      id: newId(now.getTime()),
      fundId: input.fundId,
      amount: input.amount,
      receivedAt: input.receivedAt,
      method: input.method,
      bankRef: input.bankRef,
      payerName: input.payerName,
      pledgeRef: pledge?.ref,
      pledgeId: pledge?.id,
      statementLineId: source.statementLineId,
      memo: source.memo,
      flags: [...(pledge ? paymentFlags(pledge.amount, pledge.received, input.amount) : []), ...(late ? (['LATE'] as const) : [])],
      status: 'RECORDED',
      recordedBy: context.actor,
      recordedAt: at,
      version: 1,
    };
    const entry: JournalEntry = {
      entryId: newId(now.getTime()),
      fundId: input.fundId,
      type: 'RECEIPT_RECORDED',
      at,
      day: vietnamDay(input.receivedAt),
      actor: context.actor,
      entityRef: receipt.id,
      entityType: 'receipt',
      // A pledge already counted its donor; money without a pledge is a donor of its own.
      deltas: { received: input.amount, receiptCount: 1, ...(pledge ? {} : { donorCount: 1 }) },
      publicDetails: {
        donor: pledge ? publicDonorName(pledge) : ANONYMOUS_DONOR,
        method: input.method,
        ...(pledge ? { pledgeRef: pledge.ref } : {}),
        ...(late ? { late: true } : {}),
      },
      ...saltFor(pledge ? publicDonorName(pledge) : undefined),
    };
    const ops: WriteOp[] = [
      { op: 'create', aggregate: { type: 'receipt', value: receipt } },
      { op: 'journal', entry },
      { op: 'fundBalance', fundId: input.fundId, change: { received: input.amount } },
    ];
    if (input.bankRef) {
      // A fund takes each bank reference once: a statement line that carries it already has the money (DESIGN §9.2).
      const { found, fences } = await statementLineWithRef(deps, fund, input.bankRef, input.receivedAt);
      if (found) {
        throw new ConflictError(
          `Giao dịch ${input.bankRef} đã có trong sao kê (dòng ${found.lineNo}) / Bank reference ${input.bankRef} is already in statement ${found.statementId}, line ${found.lineNo}`,
          'RECORDED',
        );
      }
      ops.push({ op: 'unique', name: `BANKREF#${input.fundId}#${input.bankRef}`, owner: receipt.id }, { op: 'bankRefRecorded', fundId: input.fundId }, ...fences);
    }
    if (pledge) {
      const received = pledge.received + input.amount;
      ops.push({
        op: 'update',
        aggregate: { type: 'pledge', value: { ...pledge, received, status: statusAfterReceipts(pledge.amount, received, false), version: pledge.version + 1 } },
        expectedVersion: pledge.version,
      });
    }
    return {
      ops,
      response: { status: 201, body: receipt },
      onRejected: (error) => {
        if (error.failedOp === 'unique') {
          return new ConflictError(`Bank reference ${input.bankRef} is already recorded for fund ${input.fundId}`, 'RECORDED');
        }
        // A statement import wrote one of the days meanwhile: look again.
        if (error.failedOp === 'dayUnchanged') return new ConcurrentModificationError('a statement import changed the day meanwhile', undefined, { cause: error });
        return undefined;
      },
    };
  });
}

/**
 * Primary course:
 *  1. The receipt exists and is RECORDED (a second reversal is a 409 naming REVERSED).
 *  2. A reversing RECEIPT_REVERSED entry takes the money back out; the pledge's `received` drops.
 *  3. The fund's available balance must cover it: money already committed cannot be un-received.
 */
export async function reverseReceipt(deps: ReverseReceiptDeps, receiptId: string, reason: string, context: CommandContext) {
  return executeCommand<Receipt>(deps, 'ReverseReceipt', { receiptId, reason }, context, async (now) => {
    const receipt = await deps.receipts.get(receiptId);
    if (!receipt) {
      const held = await lineReceipt(deps, receiptId);
      if (held) {
        throw new ConflictError(
          `Biên nhận của dòng sao kê được sửa từ chính dòng đó / A statement line's receipt is corrected from its line: POST /v1/statements/{statementId}/lines/${receiptId}/discard`,
          held.status,
        );
      }
      throw new NotFoundError(`No receipt ${receiptId}`);
    }
    const fund = await deps.funds.get(receipt.fundId);
    if (fund) requireScope(context.scope, fund);
    if (receipt.status !== 'RECORDED') {
      throw new ConflictError(`Biên nhận đã được đảo / Receipt ${receiptId} is already ${receipt.status}`, receipt.status);
    }
    const at = now.toISOString();
    const reversed: Receipt = { ...receipt, status: 'REVERSED', reversedBy: context.actor, reversedAt: at, reversalReason: reason, version: receipt.version + 1 };
    const pledge = receipt.pledgeRef ? await deps.pledges.getByRef(receipt.pledgeRef) : null;
    const ops: WriteOp[] = [
      { op: 'update', aggregate: { type: 'receipt', value: reversed }, expectedVersion: receipt.version },
      {
        op: 'journal',
        entry: {
          entryId: newId(now.getTime()),
          fundId: receipt.fundId,
          type: 'RECEIPT_REVERSED',
          at,
          // A statement line's money stays on the bank's value date: a later reversal never moves it to another published day (DESIGN §9.3).
          day: receipt.statementLineId ? vietnamDay(receipt.receivedAt) : vietnamDay(at),
          actor: context.actor,
          entityRef: receipt.id,
          entityType: 'receipt',
          deltas: { received: -receipt.amount, receiptCount: -1, ...(receipt.pledgeId ? {} : { donorCount: -1 }) },
          publicDetails: { reason, ...(receipt.pledgeRef ? { pledgeRef: receipt.pledgeRef } : {}) },
        },
      },
      { op: 'fundBalance', fundId: receipt.fundId, change: { received: -receipt.amount }, requireAvailable: receipt.amount },
    ];
    if (pledge) {
      const received = pledge.received - receipt.amount;
      ops.push({
        op: 'update',
        aggregate: {
          type: 'pledge',
          value: { ...pledge, received, status: statusAfterReceipts(pledge.amount, received, pledge.status === 'CANCELLED'), version: pledge.version + 1 },
        },
        expectedVersion: pledge.version,
      });
    }
    return {
      ops,
      response: { status: 200, body: reversed },
      onRejected: (error) =>
        error.failedOp === 'fundBalance'
          ? new ConflictError(
              `Số dư khả dụng không đủ để đảo biên nhận / The fund's available balance cannot cover reversing ${receipt.amount}: the money is already committed`,
              receipt.status,
            )
          : undefined,
    };
  });
}

export async function getReceipt(deps: Pick<Stores, 'receipts' | 'funds' | 'statements' | 'statementLines'>, id: string, scope?: Scope): Promise<Receipt> {
  const receipt = (await deps.receipts.get(id)) ?? (await lineReceipt(deps, id));
  if (!receipt) throw new NotFoundError(`No receipt ${id}`);
  const fund = await deps.funds.get(receipt.fundId);
  if (fund) requireScope(scope, fund);
  return receipt;
}
