import { transition, wardOf, type Disbursement, type DisbursementAction, type RequestDisbursementInput } from '../domain/disbursements';
import { newId } from '../domain/ids';
import { vietnamDay, type Deltas, type JournalEntry, type JournalEntryType } from '../domain/journal';
import { generateRef } from '../domain/refs';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors';
import { executeCommand, type CommandContext, type CommandDeps } from './command';
import type { Stores, WriteOp } from './ports';

export type RequestDisbursementDeps = CommandDeps & Pick<Stores, 'funds' | 'adminUnits'>;
export type DisbursementLookup = Pick<Stores, 'disbursements'>;
export type DisbursementCommandDeps = CommandDeps & DisbursementLookup;

/**
 * Primary course:
 *  1. The fund is open; a ward beneficiary is a real commune (of the fund's province, if it has one).
 *  2. The request gets a GN code people can put in a bank memo, and is journaled (no money moves yet).
 */
export async function requestDisbursement(
  deps: RequestDisbursementDeps,
  input: RequestDisbursementInput,
  context: CommandContext,
  /** Seeding only (fixtures with fixed codes, migrations): the reference code to use instead of a fresh one. */
  options: { ref?: () => string } = {},
) {
  return executeCommand<Disbursement>(deps, 'RequestDisbursement', input, context, async (now) => {
    const fund = await deps.funds.get(input.fundId);
    if (!fund) throw new UnprocessableError(`Unknown fund ${input.fundId}`, [{ path: 'body.fundId', message: `unknown fund ${input.fundId}` }]);
    let beneficiary: Disbursement['beneficiary'] = input.beneficiary;
    if ('wardCode' in input.beneficiary) {
      const code = input.beneficiary.wardCode;
      const unit = (await deps.adminUnits.list()).find((u) => u.code === code);
      if (!unit) throw new UnprocessableError(`Unknown commune ${code}`, [{ path: 'body.beneficiary.wardCode', message: 'no commune with this code' }]);
      if (fund.provinceCode && unit.provinceCode !== fund.provinceCode) {
        throw new UnprocessableError(`${unit.name} is not in this fund's province`, [
          { path: 'body.beneficiary.wardCode', message: `not in province ${fund.provinceCode}` },
        ]);
      }
      beneficiary = { wardCode: code, wardName: unit.name, provinceCode: unit.provinceCode };
    }
    const at = now.toISOString();
    const disbursement: Disbursement = {
      id: newId(now.getTime()),
      ref: options.ref?.() ?? generateRef('GN'),
      fundId: input.fundId,
      beneficiary,
      amount: input.amount,
      purpose: input.purpose,
      status: 'REQUESTED',
      requestedBy: context.actor,
      requestedAt: at,
      evidence: [],
      version: 1,
    };
    return {
      ops: [
        { op: 'fundOpen', fundId: input.fundId },
        { op: 'create', aggregate: { type: 'disbursement', value: disbursement } },
        { op: 'reference', ref: disbursement.ref, entityType: 'disbursement', entityId: disbursement.id },
        { op: 'journal', entry: journalEntry(disbursement, 'DISBURSEMENT_REQUESTED', {}, context.actor, at) },
      ],
      response: { status: 201, body: disbursement },
      onRejected: (error) =>
        error.failedOp === 'fundOpen' ? new UnprocessableError(`Fund ${input.fundId} is closed`, [{ path: 'body.fundId', message: 'fund is closed' }]) : undefined,
    };
  });
}

function journalEntry(d: Disbursement, type: JournalEntryType, deltas: Deltas, actor: string, at: string, day = vietnamDay(at)): JournalEntry {
  const beneficiary: Record<string, string> = 'wardCode' in d.beneficiary ? { wardCode: d.beneficiary.wardCode, wardName: d.beneficiary.wardName ?? '' } : { organisation: d.beneficiary.organisation.name };
  return {
    entryId: newId(Date.parse(at)),
    fundId: d.fundId,
    type,
    at,
    day,
    actor,
    entityRef: d.ref,
    entityType: 'disbursement' as const,
    wardCode: wardOf(d.beneficiary),
    deltas,
    publicDetails: { ...beneficiary, purpose: d.purpose, amount: d.amount },
  };
}

export type ActionInput =
  | { action: 'approve' }
  | { action: 'reject'; reason: string }
  | { action: 'pay'; bankRef: string; paidAt: string }
  | { action: 'confirm'; confirmedBy: string; note: string }
  | { action: 'cancel' };

const ENTRY_TYPE: Record<DisbursementAction, JournalEntryType> = {
  approve: 'DISBURSEMENT_APPROVED',
  reject: 'DISBURSEMENT_REJECTED',
  pay: 'DISBURSEMENT_PAID',
  confirm: 'DISBURSEMENT_CONFIRMED',
  cancel: 'DISBURSEMENT_CANCELLED',
};

export async function findDisbursement(deps: DisbursementLookup, idOrRef: string): Promise<Disbursement> {
  const found = idOrRef.startsWith('GN') && idOrRef.length === 9 ? await deps.disbursements.getByRef(idOrRef) : await deps.disbursements.get(idOrRef);
  if (!found) throw new NotFoundError(`Không có khoản chi ${idOrRef} / No disbursement ${idOrRef}`);
  return found;
}

/**
 * Moves a disbursement one step. Approving reserves money: it never lets the fund's available
 * balance (received − approved − disbursed) go below zero, because the balance item's condition
 * is checked inside the same transaction, whatever other approvals run at the same time.
 */
export async function actOnDisbursement(deps: DisbursementCommandDeps, idOrRef: string, input: ActionInput, context: CommandContext) {
  return executeCommand<Disbursement>(deps, `Disbursement.${input.action}`, { idOrRef, input }, context, async (now) => {
    const current = await findDisbursement(deps, idOrRef);
    const status = transition(current, input.action, context.actor);
    const at = now.toISOString();
    const next: Disbursement = { ...current, status, version: current.version + 1 };
    let deltas: Deltas = {};
    let day = vietnamDay(at);
    const balance: WriteOp[] = [];
    switch (input.action) {
      case 'approve':
        Object.assign(next, { approvedBy: context.actor, approvedAt: at });
        deltas = { approved: current.amount };
        balance.push({ op: 'fundBalance', fundId: current.fundId, change: { approved: current.amount }, requireAvailable: current.amount });
        break;
      case 'reject':
        Object.assign(next, { rejectedBy: context.actor, rejectionReason: input.reason });
        break;
      case 'pay':
        Object.assign(next, { paidBy: context.actor, paidAt: input.paidAt, bankRef: input.bankRef });
        deltas = { approved: -current.amount, disbursed: current.amount };
        day = vietnamDay(input.paidAt);
        balance.push({ op: 'fundBalance', fundId: current.fundId, change: { approved: -current.amount, disbursed: current.amount } });
        break;
      case 'confirm':
        Object.assign(next, { confirmedBy: input.confirmedBy, confirmedAt: at, confirmationNote: input.note });
        break;
      case 'cancel':
        Object.assign(next, { cancelledBy: context.actor, cancelledAt: at });
        if (current.status === 'APPROVED') {
          deltas = { approved: -current.amount };
          balance.push({ op: 'fundBalance', fundId: current.fundId, change: { approved: -current.amount } });
        }
        break;
    }
    return {
      ops: [
        { op: 'update', aggregate: { type: 'disbursement', value: next }, expectedVersion: current.version },
        { op: 'journal', entry: journalEntry(next, ENTRY_TYPE[input.action], deltas, context.actor, at, day) },
        ...balance,
      ],
      response: { status: 200, body: next },
      onRejected: (error) =>
        error.failedOp === 'fundBalance'
          ? new ConflictError(
              `Số dư khả dụng không đủ / The fund's available balance is less than ${current.amount}: approve less, or wait for receipts`,
              current.status,
            )
          : undefined,
    };
  });
}

export async function addEvidence(
  deps: DisbursementCommandDeps,
  idOrRef: string,
  file: { key: string; fileName: string; contentType: string },
  context: CommandContext,
) {
  return executeCommand<Disbursement>(deps, 'Disbursement.evidence', { idOrRef, file }, context, async (now) => {
    const current = await findDisbursement(deps, idOrRef);
    if (current.status === 'REJECTED' || current.status === 'CANCELLED') {
      throw new ConflictError(`Disbursement ${current.ref} is ${current.status}`, current.status);
    }
    const next: Disbursement = {
      ...current,
      evidence: [...current.evidence, { ...file, addedBy: context.actor, addedAt: now.toISOString() }],
      version: current.version + 1,
    };
    return {
      ops: [{ op: 'update', aggregate: { type: 'disbursement', value: next }, expectedVersion: current.version }],
      response: { status: 201, body: next },
    };
  });
}
