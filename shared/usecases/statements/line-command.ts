/**
 * One statement line into the ledger, as one command (one transaction): the line under its
 * identity (attribute_not_exists: a line is imported once, whatever statement brings it), what
 * it does to the ledger through the existing use cases, the decision's journal entry and the
 * statement's counters.
 *
 * - A credit is always a receipt (`recordReceipt`), linked to the pledge the matcher found, so
 *   every đồng credited counts in `received`. The receipt's bank reference is the line's, so
 *   the same transfer can never be recorded twice in a fund (a twin line, which by the identity
 *   rule is a second transfer, gets `<ref>#<occurrence>`).
 * - A debit with one known, approved `GN` code marks that disbursement PAID
 *   (`actOnDisbursement(…, { action: 'pay' })`) with the line's bank reference and booking time.
 * - Anything else is written as the matcher flagged it, for a person to review.
 *
 * The actor is `bank:<statementId>`: the decision was the matcher's, made from the bank's own
 * record, and the statement names the clerk who uploaded it. A clerk's later decisions on a
 * line are journaled under the clerk's own name.
 */
import { newId } from '../../domain/ids';
import { vietnamDay, type JournalEntry, type JournalEntryType } from '../../domain/journal';
import type { LineMatch } from '../../domain/statements/match';
import {
  importCounters,
  publicLineDetails,
  type LedgerEffect,
  type LineFlag,
  type StatementLineRecord,
  type StoredLineStatus,
} from '../../domain/statements/statement';
import type { StatementLine } from '../../domain/statements/types';
import { ConflictError, UnprocessableError } from '../../errors';
import type { RecordReceiptInput } from '../../domain/receipts';
import { executeCommand, type CommandContext, type CommandDeps } from '../command';
import { actOnDisbursement } from '../disbursements';
import type { Stores, WriteOp } from '../ports';
import { recordReceipt } from '../receipts';
import { mergeWrites, planCommand } from './unit-of-work';

/** A line books a receipt (fund, pledge) or pays a disbursement, through their own commands. */
export type LineCommandDeps = CommandDeps & Pick<Stores, 'funds' | 'pledges' | 'disbursements'>;

/** Another statement (or an earlier run) already imported this line. */
export class DuplicateLineError extends ConflictError {}
/** A receipt with the line's bank reference exists already (recorded by hand). */
export class BankRefTakenError extends ConflictError {}
/** The fund closed: the ledger takes no receipt for it. */
export class FundClosedError extends ConflictError {}

export interface LineToImport {
  statementId: string;
  fundId: string;
  line: StatementLine;
  lineId: string;
  occurrence: number;
  match: LineMatch;
}

export const IMPORT_OPERATION = 'ImportStatementLine';

/** What a line command answers (and its idempotency record keeps): small, as there is one per line. */
export type LineImported = Pick<StatementLineRecord, 'lineId' | 'status' | 'effect' | 'receiptId'>;

/** The context of an automatic decision: the idempotency key is the line's identity. */
export function lineContext(statementId: string, lineId: string, now?: () => Date): CommandContext {
  return { actor: `bank:${statementId}`, idempotencyKey: `line:${lineId}`, idempotencyScope: `bank:${statementId}`, now };
}

export function decisionEntry(line: StatementLineRecord, type: JournalEntryType, actor: string, at: string, how: 'auto' | 'manual'): JournalEntry {
  return {
    entryId: newId(Date.parse(at)),
    fundId: line.fundId,
    type,
    at,
    day: vietnamDay(at),
    actor,
    entityRef: line.lineId,
    entityType: 'statement-line',
    // Zero deltas: the money is in the receipt's or the disbursement's own entry.
    deltas: {},
    publicDetails: { ...publicLineDetails(line, how), ...(type === 'STATEMENT_LINE_IGNORED' && line.ignoreReason ? { reason: line.ignoreReason } : {}) },
  };
}

export function receiptInput(item: Pick<LineToImport, 'fundId' | 'line' | 'occurrence'>, pledgeRef?: string): RecordReceiptInput {
  const { line } = item;
  const bankRef = line.bankRef ? (item.occurrence > 0 ? `${line.bankRef}#${item.occurrence}` : line.bankRef) : undefined;
  return {
    fundId: item.fundId,
    amount: line.amount,
    receivedAt: line.bookedAt,
    method: 'bank',
    bankRef: bankRef?.slice(0, 64),
    payerName: line.counterparty?.slice(0, 200),
    pledgeRef,
  };
}

interface Options {
  /** Write the line without its receipt, flagged for this reason (the bank reference is taken, the fund closed). */
  withoutReceipt?: Extract<LineFlag, 'BANK_REF_RECORDED' | 'FUND_CLOSED'>;
}

/**
 * Imports one line. Planned through `executeCommand` (idempotency key `line:<lineId>`), so it
 * can be committed alone, or planned with `planCommand(…, { ownIdempotency: true })` and
 * committed with other lines in one transaction.
 */
export async function importStatementLine(deps: LineCommandDeps, item: LineToImport, context: CommandContext, options: Options = {}) {
  return executeCommand<LineImported>(deps, IMPORT_OPERATION, { statementId: item.statementId, lineId: item.lineId }, context, async (now) => {
    const at = now.toISOString();
    const inner: CommandContext = { ...context, now: () => now };
    const { line, match } = item;
    let status: StoredLineStatus = match.status;
    let effect: LedgerEffect = 'NONE';
    const reasons: LineFlag[] = [...match.reasons];
    let pledgeRef = match.pledgeRef;
    let receiptId: string | undefined;
    const ops: WriteOp[] = [];

    if (line.direction === 'CREDIT') {
      if (options.withoutReceipt) {
        status = 'FLAGGED';
        reasons.push(options.withoutReceipt);
        pledgeRef = undefined;
      } else {
        const source = { statementLineId: item.lineId, memo: line.memo };
        let planned;
        try {
          planned = await planCommand(deps, (planning) => recordReceipt(planning, receiptInput(item, pledgeRef), inner, source));
        } catch (error) {
          // A cancelled pledge (409) or one that is not this fund's (422): the money still counts, unlinked.
          if (!pledgeRef || !(error instanceof ConflictError || error instanceof UnprocessableError)) throw error;
          reasons.push(error instanceof ConflictError ? 'PLEDGE_CANCELLED' : 'UNKNOWN_CODE');
          status = 'FLAGGED';
          pledgeRef = undefined;
          planned = await planCommand(deps, (planning) => recordReceipt(planning, receiptInput(item), inner, source));
        }
        ops.push(...planned.ops);
        receiptId = planned.body.id;
        effect = 'RECEIPT';
      }
    } else if (match.effect === 'DISBURSEMENT_PAID' && match.disbursementRef) {
      try {
        const planned = await planCommand(deps, (planning) =>
          actOnDisbursement(planning, match.disbursementRef!, { action: 'pay', bankRef: line.bankRef || `line:${item.lineId}`, paidAt: line.bookedAt }, inner),
        );
        ops.push(...planned.ops);
        effect = 'DISBURSEMENT_PAID';
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        status = 'FLAGGED';
        reasons.push(error.currentState === 'PAID' || error.currentState === 'CONFIRMED' ? 'ALREADY_PAID' : 'DISBURSEMENT_NOT_PAYABLE');
      }
    }

    const record: StatementLineRecord = {
      lineId: item.lineId,
      fundId: item.fundId,
      statementId: item.statementId,
      lineNo: line.lineNo,
      occurrence: item.occurrence,
      bookedAt: line.bookedAt,
      valueDate: line.valueDate,
      direction: line.direction,
      amount: line.amount,
      bankRef: line.bankRef,
      memo: line.memo,
      ...(line.balance !== undefined ? { balance: line.balance } : {}),
      ...(line.counterparty !== undefined ? { counterparty: line.counterparty } : {}),
      status,
      effect,
      reasons,
      codes: match.codes,
      nearMisses: match.nearMisses,
      ...(match.amountCheck && pledgeRef ? { amountCheck: match.amountCheck, expectedAmount: match.expectedAmount } : {}),
      ...(pledgeRef && status === 'MATCHED' ? { pledgeRef } : {}),
      ...(match.disbursementRef ? { disbursementRef: match.disbursementRef } : {}),
      ...(receiptId ? { receiptId } : {}),
      ...(status === 'MATCHED' ? { decidedBy: context.actor, decidedAt: at } : {}),
      importedAt: at,
      version: 1,
    };
    ops.push({ op: 'create', aggregate: { type: 'statementLine', value: record } });
    if (status === 'MATCHED') ops.push({ op: 'journal', entry: decisionEntry(record, 'STATEMENT_LINE_MATCHED', context.actor, at, 'auto') });
    ops.push({ op: 'statementCounters', statementId: item.statementId, change: importCounters(record) });

    return {
      ops: mergeWrites(ops),
      response: { status: 201, body: { lineId: record.lineId, status, effect, ...(receiptId ? { receiptId } : {}) } },
      onRejected: (error) => {
        if (error.failedOp === 'create:statementLine') return new DuplicateLineError(`Line ${item.lineId} is already imported`, undefined, { cause: error });
        if (error.failedOp === 'unique') return new BankRefTakenError(`Bank reference ${line.bankRef} is already recorded`, undefined, { cause: error });
        if (error.failedOp === 'fundOpen') return new FundClosedError(`Fund ${item.fundId} is closed`, undefined, { cause: error });
        return undefined;
      },
    };
  });
}
