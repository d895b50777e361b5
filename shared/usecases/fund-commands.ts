/**
 * Running a campaign (DESIGN §12.1): a committee creates a fund, edits it, opens it, closes its
 * receiving and closes it. Each is one command: the fund's conditional write (its version), its
 * journal entry (no money moves), the idempotency record.
 */
import { bankByBin } from '../domain/banks';
import { officialUnitOf } from '../domain/committees';
import {
  closeReceivingAt,
  earliestReceivingEnd,
  fundAccounts,
  fundKind,
  fundVersion,
  LIFECYCLE,
  receivingWindow,
  windowDays,
  type BankAccount,
  type Fund,
  type FundKind,
} from '../domain/funds';
import { newId } from '../domain/ids';
import { vietnamDay, type JournalEntry, type JournalEntryType } from '../domain/journal';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors';
import { findCommittee, type CommitteeDeps } from './committees';
import { executeCommand, type CommandContext, type CommandDeps } from './command';
import type { Stores, WriteOp } from './ports';
import { requireCommitteeScope, requireScope } from './scope';

export interface AccountInput {
  bankBin: string;
  accountNumber: string;
  accountName: string;
}

export interface CreateFundInput {
  fundId: string;
  code: string;
  name: { vi: string; en: string };
  purpose: { vi: string; en: string };
  kind: FundKind;
  target: number;
  bankAccounts: AccountInput[];
  receiving: { opensAt: string; closesAt?: string };
  distributionDeadline: string;
  committeeId: string;
  provinceCode?: string;
}

export type EditFundInput = Partial<Omit<CreateFundInput, 'fundId' | 'code' | 'committeeId'>> & { expectedVersion: number };

export type CreateFundDeps = CommandDeps & CommitteeDeps;
export type FundCommandDeps = CommandDeps & Pick<Stores, 'funds'>;

/** The bank's name comes from the VietQR list, never from the request. */
function toAccount(input: AccountInput): BankAccount {
  return { bankBin: input.bankBin, bankName: bankByBin(input.bankBin)?.shortName ?? input.bankBin, accountNumber: input.accountNumber, accountName: input.accountName };
}

function fundEntry(fund: Fund, type: JournalEntryType, actor: string, at: string, details: JournalEntry['publicDetails']): JournalEntry {
  return {
    entryId: newId(Date.parse(at)),
    fundId: fund.fundId,
    type,
    at,
    day: vietnamDay(at),
    actor,
    entityRef: fund.fundId,
    entityType: 'fund',
    deltas: {},
    publicDetails: details,
  };
}

async function provinceOf(deps: CommitteeDeps, committeeId: string, asked: string | undefined): Promise<string | undefined> {
  if (asked) {
    const known = (await deps.adminUnits.list()).some((unit) => unit.provinceCode === asked);
    if (!known) throw new UnprocessableError(`Không có tỉnh, thành phố mã ${asked} / No province ${asked}`, [{ path: 'body.provinceCode', message: 'no province with this code' }]);
    return asked;
  }
  const official = officialUnitOf(committeeId);
  return official && official.level !== 'central' ? official.provinceCode : undefined;
}

function windowOf(receiving: { opensAt: string; closesAt?: string }) {
  const window = { opensAt: new Date(receiving.opensAt).toISOString(), ...(receiving.closesAt ? { closesAt: new Date(receiving.closesAt).toISOString() } : {}) };
  return { receivingOpensAt: window.opensAt, receivingClosesAt: window.closesAt, ...windowDays(window) };
}

/**
 * Primary course:
 *  1. The committee exists, and the caller is an admin of it (or of an ancestor, with its children).
 *  2. The fund is a DRAFT at version 1, its accounts named from the VietQR bank list.
 *  3. One transaction: the fund (its id once), its code (once), FUND_CREATED.
 */
export async function createFund(deps: CreateFundDeps, input: CreateFundInput, context: CommandContext) {
  return executeCommand<Fund>(deps, 'CreateFund', input, context, async (now) => {
    const committee = await findCommittee(deps, input.committeeId);
    if (!committee) {
      throw new UnprocessableError(`Không có ủy ban ${input.committeeId} / No committee ${input.committeeId}`, [{ path: 'body.committeeId', message: 'no such committee' }]);
    }
    requireCommitteeScope(context.scope, committee.path, 'các quỹ / the funds');
    const provinceCode = await provinceOf(deps, committee.committeeId, input.provinceCode);
    const at = now.toISOString();
    const accounts = input.bankAccounts.map(toAccount);
    const window = windowOf(input.receiving);
    const fund: Fund = {
      fundId: input.fundId,
      code: input.code,
      name: input.name,
      description: input.purpose,
      accepts: input.kind,
      currency: 'VND',
      target: input.target,
      bankAccount: accounts[0]!,
      bankAccounts: accounts,
      ...window,
      distributionDeadline: input.distributionDeadline,
      status: 'DRAFT',
      ...(provinceCode ? { provinceCode } : {}),
      committeeId: committee.committeeId,
      committeePath: committee.path,
      version: 1,
      createdAt: at,
      createdBy: context.actor,
      updatedAt: at,
      updatedBy: context.actor,
    };
    const entry = fundEntry(fund, 'FUND_CREATED', context.actor, at, {
      code: input.code,
      name: input.name.vi,
      kind: input.kind,
      target: input.target,
      committeeId: committee.committeeId,
      receivingOpensAt: window.receivingOpensAt,
      ...(window.receivingClosesAt ? { receivingClosesAt: window.receivingClosesAt } : {}),
      distributionDeadline: input.distributionDeadline,
      banks: accounts.map((a) => a.bankName).join(', '),
    });
    return {
      ops: [
        { op: 'create', aggregate: { type: 'fund', value: fund } },
        { op: 'unique', name: `FUNDCODE#${input.code.toUpperCase()}`, owner: input.fundId },
        { op: 'journal', entry },
      ],
      response: { status: 201, body: fund },
      onRejected: (error) => {
        if (error.failedOp === 'create:fund') return new UnprocessableError(`Đã có quỹ ${input.fundId} / A fund ${input.fundId} exists`, [{ path: 'body.fundId', message: 'is taken by another fund' }]);
        if (error.failedOp === 'unique') return new UnprocessableError(`Đã có quỹ mang mã ${input.code} / A fund with code ${input.code} exists`, [{ path: 'body.code', message: 'is the code of another fund' }]);
        return undefined;
      },
    };
  });
}

async function loadFund(deps: Pick<Stores, 'funds'>, fundId: string, context: CommandContext): Promise<Fund> {
  const fund = await deps.funds.get(fundId);
  if (!fund) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  requireScope(context.scope, fund);
  return fund;
}

function checkVersion(fund: Fund, expected: number | undefined): void {
  if (expected !== undefined && expected !== fundVersion(fund)) {
    // The editor saw an older version: a person must look again, so no retry (a ConflictError, not a concurrent modification).
    throw new ConflictError(
      `Quỹ ${fund.fundId} đã được sửa (phiên bản ${fundVersion(fund)}, không phải ${expected}): tải lại rồi sửa tiếp / Fund ${fund.fundId} changed since (version ${fundVersion(fund)}, not ${expected}): reload and edit again`,
      fund.status,
    );
  }
}

function updateOps(current: Fund, next: Fund, entry: JournalEntry): WriteOp[] {
  return [
    { op: 'update', aggregate: { type: 'fund', value: next }, expectedVersion: fundVersion(current) },
    { op: 'journal', entry },
  ];
}

const stale = (fundId: string) => (error: { failedOp: string }) =>
  error.failedOp === 'update:fund' ? new ConflictError(`Quỹ ${fundId} vừa được người khác sửa: tải lại / Fund ${fundId} was changed by someone else: reload`) : undefined;

/**
 * Primary course:
 *  1. The fund is not CLOSED; the version is the one the editor saw.
 *  2. What may change narrows with the state: a draft anything but its ids; an open fund its
 *     names, target, deadlines and more accounts (never fewer: pledges name them); after receiving
 *     closed, its names, target and distribution deadline.
 *  3. FUND_UPDATED names the changed fields; the version goes up by one.
 */
export async function editFund(deps: FundCommandDeps, fundId: string, input: EditFundInput, context: CommandContext, options: { cacheSeconds: number }) {
  return executeCommand<Fund>(deps, 'EditFund', { fundId, input }, context, async (now) => {
    const fund = await loadFund(deps, fundId, context);
    if (fund.status === 'CLOSED') throw new ConflictError(`Quỹ ${fundId} đã đóng, không sửa được / Fund ${fundId} is closed and cannot change`, fund.status);
    checkVersion(fund, input.expectedVersion);
    const refuse = (path: string, message: string) => new UnprocessableError(`${path}: ${message}`, [{ path: `body.${path}`, message }]);
    const draft = fund.status === 'DRAFT';
    const next: Fund = { ...fund };
    const changed: string[] = [];
    const details: JournalEntry['publicDetails'] = {};
    if (input.name) {
      next.name = input.name;
      changed.push('name');
      details.name = input.name.vi;
    }
    if (input.purpose) {
      next.description = input.purpose;
      changed.push('purpose');
    }
    if (input.target !== undefined) {
      next.target = input.target;
      changed.push('target');
      details.target = input.target;
    }
    if (input.kind !== undefined && input.kind !== fundKind(fund)) {
      if (!draft) throw refuse('kind', 'can change only while the fund is a draft');
      next.accepts = input.kind;
      changed.push('kind');
      details.kind = input.kind;
    }
    if (input.provinceCode !== undefined && input.provinceCode !== fund.provinceCode) {
      if (!draft) throw refuse('provinceCode', 'can change only while the fund is a draft');
      next.provinceCode = input.provinceCode;
      changed.push('provinceCode');
    }
    if (input.bankAccounts) {
      const accounts = input.bankAccounts.map(toAccount);
      if (!draft) {
        if (fund.status !== 'OPEN') throw refuse('bankAccounts', 'can change only while the fund is a draft or open');
        const kept = new Set(accounts.map((a) => `${a.bankBin}/${a.accountNumber}`));
        const dropped = fundAccounts(fund).find((a) => !kept.has(`${a.bankBin}/${a.accountNumber}`));
        if (dropped) throw refuse('bankAccounts', `must keep ${dropped.bankName} ${dropped.accountNumber}: pledges name it; an open fund may add accounts, never remove one`);
      }
      Object.assign(next, { bankAccounts: accounts, bankAccount: accounts[0]! });
      changed.push('bankAccounts');
      details.banks = accounts.map((a) => a.bankName).join(', ');
    }
    if (input.receiving) {
      const current = receivingWindow(fund);
      const opensAt = new Date(input.receiving.opensAt).toISOString();
      if (!draft && opensAt !== current.opensAt) throw refuse('receiving.opensAt', 'can change only while the fund is a draft');
      const closesAt = input.receiving.closesAt ? new Date(input.receiving.closesAt).toISOString() : undefined;
      if (!draft && closesAt !== current.closesAt) {
        if (fund.status !== 'OPEN') throw refuse('receiving.closesAt', 'can change only while the fund is open: receiving has closed');
        if (!closesAt || Date.parse(closesAt) < earliestReceivingEnd(now, options.cacheSeconds).getTime()) {
          throw refuse('receiving.closesAt', `must be at least ${options.cacheSeconds} s from now; to stop receiving now, close receiving`);
        }
      }
      const window = windowOf({ opensAt, ...(closesAt ? { closesAt } : {}) });
      next.receivingOpensAt = window.receivingOpensAt;
      next.opensOn = window.opensOn;
      next.receivingClosesAt = window.receivingClosesAt;
      next.closesOn = window.closesOn;
      changed.push('receiving');
      details.receivingOpensAt = opensAt;
      if (closesAt) details.receivingClosesAt = closesAt;
    }
    if (input.distributionDeadline) {
      if (input.distributionDeadline < next.opensOn) throw refuse('distributionDeadline', 'must not be before the receiving window opens');
      next.distributionDeadline = input.distributionDeadline;
      changed.push('distributionDeadline');
      details.distributionDeadline = input.distributionDeadline;
    }
    const at = now.toISOString();
    Object.assign(next, { version: fundVersion(fund) + 1, updatedAt: at, updatedBy: context.actor });
    const entry = fundEntry(next, 'FUND_UPDATED', context.actor, at, { fields: changed.join(', '), version: fundVersion(next), ...details });
    return { ops: updateOps(fund, next, entry), response: { status: 200, body: next }, onRejected: stale(fundId) };
  });
}

type LifecycleAction = keyof typeof LIFECYCLE;

const ACTION_NAMES: Record<LifecycleAction, { type: JournalEntryType; vi: string; en: string }> = {
  open: { type: 'FUND_OPENED', vi: 'mở', en: 'open' },
  closeReceiving: { type: 'FUND_RECEIVING_CLOSED', vi: 'kết thúc tiếp nhận', en: 'close receiving of' },
  close: { type: 'FUND_CLOSED', vi: 'đóng', en: 'close' },
};

function moveOrRefuse(fund: Fund, action: LifecycleAction): void {
  const rule = LIFECYCLE[action];
  if (rule.from.includes(fund.status)) return;
  const { vi, en } = ACTION_NAMES[action];
  throw new ConflictError(`Không thể ${vi} quỹ ${fund.fundId} đang ở trạng thái ${fund.status} / Cannot ${en} fund ${fund.fundId}: it is ${fund.status}`, fund.status);
}

/** DRAFT → OPEN: pledges are taken from the window's opening. */
export async function openFund(deps: FundCommandDeps, fundId: string, input: { expectedVersion?: number }, context: CommandContext) {
  return executeCommand<Fund>(deps, 'OpenFund', { fundId, input }, context, async (now) => {
    const fund = await loadFund(deps, fundId, context);
    moveOrRefuse(fund, 'open');
    checkVersion(fund, input.expectedVersion);
    const at = now.toISOString();
    const next: Fund = { ...fund, status: 'OPEN', version: fundVersion(fund) + 1, updatedAt: at, updatedBy: context.actor };
    const window = receivingWindow(next);
    const entry = fundEntry(next, 'FUND_OPENED', context.actor, at, { receivingOpensAt: window.opensAt, ...(window.closesAt ? { receivingClosesAt: window.closesAt } : {}) });
    return { ops: updateOps(fund, next, entry), response: { status: 200, body: next }, onRejected: stale(fundId) };
  });
}

/**
 * OPEN → RECEIVING_CLOSED. The window's end moves to the time asked (now by default), but never
 * earlier than now + the pledge path's cache lifetime: every cached copy of the fund sees the new
 * end before it passes (DESIGN §12.1). Pledges until then are inside the window for everyone.
 */
export async function closeReceiving(
  deps: FundCommandDeps,
  fundId: string,
  input: { expectedVersion?: number; reason?: string; closesAt?: string },
  context: CommandContext,
  options: { cacheSeconds: number },
) {
  return executeCommand<Fund>(deps, 'CloseReceiving', { fundId, input }, context, async (now) => {
    const fund = await loadFund(deps, fundId, context);
    moveOrRefuse(fund, 'closeReceiving');
    checkVersion(fund, input.expectedVersion);
    const at = now.toISOString();
    const asked = input.closesAt && Date.parse(input.closesAt) > now.getTime() ? new Date(input.closesAt) : now;
    const closesAt = closeReceivingAt(fund, asked, options.cacheSeconds);
    const next: Fund = { ...fund, ...windowOf({ opensAt: receivingWindow(fund).opensAt, closesAt }), status: 'RECEIVING_CLOSED', version: fundVersion(fund) + 1, updatedAt: at, updatedBy: context.actor };
    const entry = fundEntry(next, 'FUND_RECEIVING_CLOSED', context.actor, at, { receivingClosesAt: closesAt, ...(input.reason ? { reason: input.reason } : {}) });
    return { ops: updateOps(fund, next, entry), response: { status: 200, body: next }, onRejected: stale(fundId) };
  });
}

/**
 * RECEIVING_CLOSED → CLOSED, once the window has ended and no disbursement waits for approval or
 * payment. Money that still arrives is counted, flagged LATE (DESIGN §4.1, 9).
 */
export async function closeFund(
  deps: FundCommandDeps & Pick<Stores, 'disbursements'>,
  fundId: string,
  input: { expectedVersion?: number; reason: string },
  context: CommandContext,
) {
  return executeCommand<Fund>(deps, 'CloseFund', { fundId, input }, context, async (now) => {
    const fund = await loadFund(deps, fundId, context);
    moveOrRefuse(fund, 'close');
    checkVersion(fund, input.expectedVersion);
    const { closesAt } = receivingWindow(fund);
    if (closesAt && Date.parse(closesAt) > now.getTime()) {
      throw new ConflictError(`Quỹ ${fundId} còn nhận ủng hộ đến ${closesAt} / Fund ${fundId} receives until ${closesAt}: close it after that`, fund.status);
    }
    const pending = (await deps.disbursements.listByFund(fundId)).filter((d) => d.status === 'REQUESTED' || d.status === 'APPROVED');
    if (pending.length) {
      throw new ConflictError(
        `Còn ${pending.length} khoản chi chờ duyệt hoặc chờ chuyển (${pending.slice(0, 5).map((d) => d.ref).join(', ')}) / ${pending.length} disbursement(s) still wait for approval or payment: ${pending.slice(0, 5).map((d) => d.ref).join(', ')}`,
        fund.status,
      );
    }
    const balance = await deps.funds.balance(fundId);
    const at = now.toISOString();
    const next: Fund = { ...fund, status: 'CLOSED', version: fundVersion(fund) + 1, updatedAt: at, updatedBy: context.actor };
    const entry = fundEntry(next, 'FUND_CLOSED', context.actor, at, { reason: input.reason, balanceAtClose: balance.received - balance.disbursed });
    return { ops: updateOps(fund, next, entry), response: { status: 200, body: next }, onRejected: stale(fundId) };
  });
}
