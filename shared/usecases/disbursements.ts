import { ROOT_COMMITTEE, provinceCommitteeId, wardCommitteeId } from '../domain/committees';
import {
  approvalShortfallMessage,
  bankRefUsedMessage,
  beyondPlanMessage,
  shortfallMessage,
  transition,
  wardOf,
  type Disbursement,
  type DisbursementAction,
  type EvidenceFile,
  type RequestDisbursementInput,
} from '../domain/disbursements';
import { DISBURSING_STATES, accountKey, fundAccount, type Fund } from '../domain/funds';
import { newId } from '../domain/ids';
import { payoutRefName } from '../domain/payouts';
import { vietnamDay, type Deltas, type JournalEntry, type JournalEntryType } from '../domain/journal';
import { planPosition } from '../domain/plans';
import { generateRef } from '../domain/refs';
import { ConcurrentModificationError, ConflictError, NotFoundError, SoVangError, UnprocessableError } from '../errors';
import { executeCommand, type CommandContext, type CommandDeps } from './command';
import type { Stores, WriteOp } from './ports';
import { requireCommitteeScope, requireScope } from './scope';

export type RequestDisbursementDeps = CommandDeps & Pick<Stores, 'funds' | 'adminUnits' | 'plans'>;
export type DisbursementLookup = Pick<Stores, 'disbursements'>;
/** Approving reads the plan; the statement matcher, which only pays, may leave the plan store out. */
export type DisbursementCommandDeps = CommandDeps & DisbursementLookup & Pick<Stores, 'funds'> & Partial<Pick<Stores, 'plans'>>;

/**
 * Primary course:
 *  1. The fund is in scope, open or distributing; a ward beneficiary is a real commune (of the
 *     fund's province, if it has one).
 *  2. The amount is at most what the fund has available now: a request beyond it is a 422 that
 *     says by how much (DESIGN §12.3). A request beyond the ward's plan is taken, and marked
 *     `beyondPlan` for the approver, who must override the plan explicitly to approve it.
 *  3. The request gets a GN code people can put in a bank memo, and is journaled (no money moves yet).
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
    requireScope(context.scope, fund);
    if (!DISBURSING_STATES.includes(fund.status)) {
      throw new UnprocessableError(`Quỹ ${input.fundId} không nhận đề nghị giải ngân khi đang ${fund.status} / Fund ${input.fundId} takes no disbursement request while ${fund.status}`, [
        { path: 'body.fundId', message: `the fund is ${fund.status}` },
      ]);
    }
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
    const balance = await deps.funds.balance(input.fundId);
    if (input.amount > balance.available) {
      throw new UnprocessableError(shortfallMessage(input.amount, balance.available), [
        { path: 'body.amount', message: `is ${input.amount - Math.max(0, balance.available)} more than the ${Math.max(0, balance.available)} the fund has available` },
      ]);
    }
    const wardCode = wardOf(beneficiary);
    let beyondPlan: Disbursement['beyondPlan'];
    if (wardCode && ((await deps.plans.header(input.fundId))?.version ?? 0) > 0) {
      const position = planPosition((await deps.plans.ward(input.fundId, wardCode)) ?? undefined, input.amount);
      if (position.excess > 0) beyondPlan = position;
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
      ...(beyondPlan ? { beyondPlan } : {}),
      evidence: [],
      version: 1,
    };
    return {
      ops: [
        { op: 'fundState', fundId: input.fundId, states: DISBURSING_STATES },
        { op: 'create', aggregate: { type: 'disbursement', value: disbursement } },
        { op: 'reference', ref: disbursement.ref, entityType: 'disbursement', entityId: disbursement.id },
        { op: 'journal', entry: journalEntry(disbursement, 'DISBURSEMENT_REQUESTED', {}, context.actor, at) },
      ],
      response: { status: 201, body: disbursement },
      onRejected: (error) =>
        error.failedOp === 'fundState' ? new UnprocessableError(`Fund ${input.fundId} is closed`, [{ path: 'body.fundId', message: 'fund is closed' }]) : undefined,
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
  | { action: 'approve'; overridePlan?: boolean; reason?: string }
  | { action: 'reject'; reason: string }
  /**
   * The account paid from: a statement line names it (`<bank BIN>/<number>`); a clerk may name one
   * of the fund's account numbers, else the fund's first account.
   */
  | { action: 'pay'; bankRef: string; paidAt: string; account?: string; accountNumber?: string }
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

/** A disbursement of a fund in the caller's scope (DESIGN §12.2): read, then checked against the fund's committee. */
export async function findScopedDisbursement(deps: DisbursementLookup & Pick<Stores, 'funds'>, idOrRef: string, context: Pick<CommandContext, 'scope'>): Promise<Disbursement> {
  const disbursement = await findDisbursement(deps, idOrRef);
  const fund = await deps.funds.get(disbursement.fundId);
  if (fund) requireScope(context.scope, fund);
  return disbursement;
}

/**
 * Moves a disbursement one step. Approving reserves money: it never lets the fund's available
 * balance (received − approved − disbursed) go below zero, because the balance item's condition
 * is checked inside the same transaction, whatever other approvals run at the same time. For a
 * ward, approving adds to its committed amount on the plan ward item, on the condition that the
 * plan's headroom covers it, unless the approver overrides the plan (journaled, PLAN_OVERRIDDEN).
 */
export async function actOnDisbursement(deps: DisbursementCommandDeps, idOrRef: string, input: ActionInput, context: CommandContext) {
  return executeCommand<Disbursement>(deps, `Disbursement.${input.action}`, { idOrRef, input }, context, async (now) => {
    const current = await findDisbursement(deps, idOrRef);
    const fund = await deps.funds.get(current.fundId);
    if (input.action === 'confirm') requireReceiverScope(context, current, fund);
    else if (fund) requireScope(context.scope, fund);
    const status = transition(current, input.action, context.actor);
    const at = now.toISOString();
    const next: Disbursement = { ...current, status, version: current.version + 1 };
    let deltas: Deltas = {};
    let day = vietnamDay(at);
    const balance: WriteOp[] = [];
    const extra: JournalEntry[] = [];
    let payout: { account: string; name: string } | undefined;
    const ward = 'wardCode' in current.beneficiary ? { wardCode: current.beneficiary.wardCode, wardName: current.beneficiary.wardName ?? current.beneficiary.wardCode, provinceCode: current.beneficiary.provinceCode ?? '' } : undefined;
    switch (input.action) {
      case 'approve': {
        Object.assign(next, { approvedBy: context.actor, approvedAt: at });
        deltas = { approved: current.amount };
        const available = (await deps.funds.balance(current.fundId)).available;
        if (available < current.amount) throw new ConflictError(approvalShortfallMessage(current.ref, current.amount, available), current.status);
        balance.push({ op: 'fundBalance', fundId: current.fundId, change: { approved: current.amount }, requireAvailable: current.amount });
        if (ward) {
          const plans = deps.plans;
          if (!plans) throw new SoVangError('Approving a disbursement needs the plan store');
          const planned = ((await plans.header(current.fundId))?.version ?? 0) > 0;
          const position = planPosition((await plans.ward(current.fundId, ward.wardCode)) ?? undefined, current.amount);
          const override = planned && position.excess > 0;
          if (override && !input.overridePlan) {
            throw new UnprocessableError(beyondPlanMessage(current.ref, ward.wardName, position), [
              { path: 'body.overridePlan', message: `the request goes ${position.excess} beyond the plan: approve with overridePlan and a reason, or reject it` },
            ]);
          }
          balance.push({ op: 'planWard', fundId: current.fundId, ward, change: { committed: current.amount }, ...(planned && !override ? { requireHeadroom: current.amount } : {}) });
          if (override) {
            next.planOverride = { by: context.actor, at, reason: input.reason ?? '', excess: position.excess };
            extra.push({
              ...journalEntry(next, 'PLAN_OVERRIDDEN', {}, context.actor, at),
              publicDetails: { wardCode: ward.wardCode, wardName: ward.wardName, planned: position.planned, committed: position.committed, excess: position.excess, reason: input.reason ?? '' },
            });
          }
        }
        break;
      }
      case 'reject':
        Object.assign(next, { rejectedBy: context.actor, rejectionReason: input.reason });
        break;
      case 'pay': {
        const account = payingAccount(input, fund);
        const first = await deps.disbursements.paidWithBankRef(account, input.bankRef);
        if (first !== null && first !== current.ref) throw bankRefUsed(input.bankRef, account, first);
        payout = { account, name: payoutRefName(account, input.bankRef) };
        Object.assign(next, { paidBy: context.actor, paidAt: input.paidAt, bankRef: input.bankRef });
        deltas = { approved: -current.amount, disbursed: current.amount };
        day = vietnamDay(input.paidAt);
        // One transfer marks one disbursement paid: the claim on its reference commits with the payment.
        balance.push({ op: 'unique', name: payout.name, owner: current.ref });
        balance.push({ op: 'fundBalance', fundId: current.fundId, change: { approved: -current.amount, disbursed: current.amount } });
        break;
      }
      case 'confirm':
        Object.assign(next, { confirmedBy: input.confirmedBy, confirmedAt: at, confirmationNote: input.note });
        deltas = { confirmed: current.amount };
        break;
      case 'cancel':
        Object.assign(next, { cancelledBy: context.actor, cancelledAt: at });
        if (current.status === 'APPROVED') {
          deltas = { approved: -current.amount };
          balance.push({ op: 'fundBalance', fundId: current.fundId, change: { approved: -current.amount } });
          if (ward) balance.push({ op: 'planWard', fundId: current.fundId, ward, change: { committed: -current.amount } });
        }
        break;
    }
    const entry = journalEntry(next, ENTRY_TYPE[input.action], deltas, context.actor, at, day);
    // The override's entry sorts after the approval it explains.
    const extraEntries = extra.map((e) => ({ ...e, entryId: newId(Date.parse(at)) }));
    return {
      ops: [
        { op: 'update', aggregate: { type: 'disbursement', value: next }, expectedVersion: current.version },
        { op: 'journal', entry },
        ...extraEntries.map((e): WriteOp => ({ op: 'journal', entry: e })),
        ...balance,
      ],
      response: { status: 200, body: next },
      // The balance or the plan moved since they were read: plan again, and the fresh read says why.
      // A payout's reference taken meanwhile names the disbursement that took it.
      onRejected: async (error) => {
        if (error.failedOp === 'fundBalance' || error.failedOp === 'planWard') return new ConcurrentModificationError('balance or plan changed concurrently', current.status, { cause: error });
        if (error.failedOp === 'unique' && payout && input.action === 'pay') {
          const first = await deps.disbursements.paidWithBankRef(payout.account, input.bankRef);
          return bankRefUsed(input.bankRef, payout.account, first ?? 'another disbursement');
        }
        return undefined;
      },
    };
  });
}

function bankRefUsed(bankRef: string, account: string, firstRef: string): ConflictError {
  return new ConflictError(bankRefUsedMessage(bankRef, account, firstRef), undefined, { code: 'bank-ref-used' });
}

/** The account a payment went out of, as `<bank BIN>/<number>`. */
function payingAccount(input: Extract<ActionInput, { action: 'pay' }>, fund: Fund | null): string {
  if (input.account) return input.account;
  const account = fund ? fundAccount(fund, input.accountNumber) : undefined;
  if (!account) {
    throw new UnprocessableError(`Quỹ không có tài khoản ${input.accountNumber} / The fund has no account ${input.accountNumber}`, [
      { path: 'body.accountNumber', message: 'is not one of the fund’s accounts' },
    ]);
  }
  return accountKey(account);
}

/**
 * Receipt is confirmed by the receiving side (DESIGN §12.2): for a ward, a grant that covers the
 * ward's own committee, whatever the fund's committee; for an organisation, the fund's committee.
 */
function requireReceiverScope(context: Pick<CommandContext, 'scope'>, disbursement: Disbursement, fund: Fund | null): void {
  const beneficiary = disbursement.beneficiary;
  if (!('wardCode' in beneficiary)) {
    if (fund) requireScope(context.scope, fund);
    return;
  }
  const provinceCode = beneficiary.provinceCode || fund?.provinceCode || '';
  requireCommitteeScope(context.scope, [ROOT_COMMITTEE, provinceCommitteeId(provinceCode), wardCommitteeId(provinceCode, beneficiary.wardCode)], 'việc xác nhận đã nhận tiền / confirming receipt');
}

/**
 * Files a disbursement's evidence (DESIGN §10): the first upload wins. The same request again
 * (its idempotency key) answers as the first time and writes nothing; any other upload is a 409.
 * The file's SHA-256 is journaled, so the public page can show what the stored file must hash to.
 */
export async function addEvidence(
  deps: CommandDeps & DisbursementLookup & Pick<Stores, 'funds'>,
  idOrRef: string,
  file: Omit<EvidenceFile, 'addedBy' | 'addedAt'> & { sha256: string },
  context: CommandContext,
) {
  return executeCommand<Disbursement>(deps, 'Disbursement.evidence', { idOrRef, file }, context, async (now) => {
    const current = await findScopedDisbursement(deps, idOrRef, context);
    if (current.status === 'REJECTED' || current.status === 'CANCELLED') {
      throw new ConflictError(`Disbursement ${current.ref} is ${current.status}`, current.status);
    }
    if (current.evidence.length > 0) {
      throw new ConflictError(
        `Khoản chi ${current.ref} đã có chứng từ, không thể thay thế / Evidence already exists for disbursement ${current.ref}; it cannot be replaced`,
        current.status,
        { code: 'evidence-exists' },
      );
    }
    const at = now.toISOString();
    const next: Disbursement = {
      ...current,
      evidence: [{ ...file, addedBy: context.actor, addedAt: at }],
      version: current.version + 1,
    };
    const entry: JournalEntry = {
      ...journalEntry(next, 'DISBURSEMENT_EVIDENCE_ADDED', {}, context.actor, at),
      publicDetails: { fileName: file.fileName, contentType: file.contentType, sha256: file.sha256 },
    };
    return {
      // The version check makes two different first uploads race to one winner.
      ops: [
        { op: 'update', aggregate: { type: 'disbursement', value: next }, expectedVersion: current.version },
        { op: 'journal', entry },
      ],
      response: { status: 201, body: next },
    };
  });
}
