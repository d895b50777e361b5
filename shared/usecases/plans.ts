/**
 * The allocation plan (DESIGN §12.3): `setPlan` replaces a fund's plan, in parts of at most 45
 * wards (a transaction holds 100 items), each exact on its own; `getPlan` shows plan against
 * what was approved, paid and confirmed, per ward.
 */
import type { z } from 'zod';
import { ACTIVE_STATES, type Fund } from '../domain/funds';
import { newId } from '../domain/ids';
import { vietnamDay, type JournalEntry } from '../domain/journal';
import { planChanges, planParts, type PlanHeader, type PlanItemInput, type PlanWard, type WardChange } from '../domain/plans';
import { parseScope } from '../domain/totals';
import { CommitRejectedError, ConflictError, NotFoundError, UnprocessableError, type FieldError } from '../errors';
import type { FundPlan } from '../schemas/funds';
import type { CommandContext, CommandDeps } from './command';
import { idempotent, requestHash, type StoredResponse } from './idempotency';
import type { Stores, WriteOp } from './ports';
import { requireScope } from './scope';
import * as clock from '../domain/clock';

export type PlanView = z.infer<typeof FundPlan>;
export type SetPlanDeps = CommandDeps & Pick<Stores, 'funds' | 'plans' | 'adminUnits'>;

export interface SetPlanInput {
  items: PlanItemInput[];
  expectedVersion?: number;
}

export interface PlanSaved {
  fundId: string;
  version: number;
  status: PlanHeader['status'];
  wardCount: number;
  total: number;
  /** Wards whose planned amount this request changed. */
  changedWards: number;
  updatedAt: string;
}

async function checkedItems(deps: Pick<Stores, 'adminUnits'>, fund: Fund, items: readonly PlanItemInput[]) {
  const units = new Map((await deps.adminUnits.list()).map((unit) => [unit.code, unit]));
  const errors: FieldError[] = [];
  items.forEach((item, index) => {
    const unit = units.get(item.wardCode);
    if (!unit) errors.push({ path: `body.items.${index}.wardCode`, message: `no commune or ward has the code ${item.wardCode}` });
    else if (fund.provinceCode && unit.provinceCode !== fund.provinceCode) {
      errors.push({ path: `body.items.${index}.wardCode`, message: `${unit.name} is not in province ${fund.provinceCode}, which this fund gives to` });
    }
  });
  if (errors.length) {
    throw new UnprocessableError(`Kế hoạch có ${errors.length} mã xã, phường không hợp lệ / The plan names ${errors.length} unknown or out-of-province unit(s): ${errors.slice(0, 3).map((e) => e.path).join(', ')}`, errors);
  }
  return units;
}

function planEntry(fund: Fund, change: WardChange, wardName: string, version: number, actor: string, at: string): JournalEntry {
  return {
    entryId: newId(Date.parse(at)),
    fundId: fund.fundId,
    type: 'PLAN_SET',
    at,
    day: vietnamDay(at),
    actor,
    entityRef: fund.fundId,
    entityType: 'plan',
    wardCode: change.wardCode,
    deltas: { planned: change.to - change.from },
    publicDetails: { wardName, planned: change.to, planVersion: version },
  };
}

/**
 * Primary course:
 *  1. The fund exists, is in scope, not closed; every ward is an official unit (of its province).
 *  2. Each ward whose amount changes gets a PLAN_SET entry (its change as the `planned` delta) and
 *     its plan ward item moves by the same amount, never below what is committed to it.
 *  3. Parts of 45 wards: the first moves the header to the new version (on the condition that it
 *     is still the version read), the others check it, the last marks it COMPLETE and stores the
 *     answer. A retry with the same key resumes; a concurrent plan makes this one stop with 409.
 */
export async function setPlan(deps: SetPlanDeps, fundId: string, input: SetPlanInput, context: CommandContext): Promise<StoredResponse<PlanSaved>> {
  const scope = `SetPlan#${context.idempotencyScope}`;
  const hash = requestHash('SetPlan', { fundId, input });
  return idempotent(deps.idempotency, scope, context.idempotencyKey, hash, async () => {
    const now = context.now?.() ?? clock.now();
    const fund = await deps.funds.get(fundId);
    if (!fund) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
    requireScope(context.scope, fund);
    if (!ACTIVE_STATES.includes(fund.status)) throw new ConflictError(`Quỹ ${fundId} đã đóng: kế hoạch không đổi được nữa / Fund ${fundId} is closed: its plan can no longer change`, fund.status);
    const units = await checkedItems(deps, fund, input.items);
    const header = (await deps.plans.header(fundId)) ?? { fundId, version: 0, status: 'COMPLETE' as const, wardCount: 0, total: 0 };
    const resuming = header.status === 'APPLYING' && header.request === hash;
    if (!resuming && input.expectedVersion !== undefined && input.expectedVersion !== header.version) {
      throw new ConflictError(`Kế hoạch của quỹ ${fundId} đã đổi (phiên bản ${header.version}, không phải ${input.expectedVersion}): tải lại / The plan of ${fundId} changed (version ${header.version}, not ${input.expectedVersion}): reload`, `version ${header.version}`);
    }
    const wards = await deps.plans.wards(fundId);
    const byCode = new Map(wards.map((ward) => [ward.wardCode, ward]));
    const positions = new Map(input.items.map((item, index) => [item.wardCode, index]));
    const tooLow = planChanges(wards, input.items).filter((change) => change.to < (byCode.get(change.wardCode)?.committed ?? 0));
    if (tooLow.length) {
      throw new UnprocessableError(
        `Kế hoạch thấp hơn số đã duyệt chi cho ${tooLow.length} xã, phường / The plan is below what is already committed for ${tooLow.length} ward(s)`,
        tooLow.map((change) => ({
          path: positions.has(change.wardCode) ? `body.items.${positions.get(change.wardCode)}.amount` : 'body.items',
          message: `${byCode.get(change.wardCode)?.wardName ?? change.wardCode} has ${byCode.get(change.wardCode)?.committed ?? 0} committed already; its plan cannot go below it`,
        })),
      );
    }
    const changes = planChanges(wards, input.items);
    const version = resuming ? header.version : header.version + 1;
    const at = now.toISOString();
    const total = input.items.reduce((sum, item) => sum + item.amount, 0);
    const wardCount = input.items.filter((item) => item.amount > 0).length;
    const next = (status: PlanHeader['status']): PlanHeader => ({ fundId, version, status, wardCount, total, updatedAt: at, updatedBy: context.actor, request: hash });
    const parts = planParts(changes);
    if (parts.length === 0) parts.push([]);
    const body: PlanSaved = { fundId, version, status: 'COMPLETE', wardCount, total, changedWards: changes.length, updatedAt: at };
    for (const [index, part] of parts.entries()) {
      const last = index === parts.length - 1;
      const ops: WriteOp[] = [];
      if (index === 0) ops.push({ op: 'planHeader', header: next(last ? 'COMPLETE' : 'APPLYING'), expectedVersion: header.version });
      else if (last) ops.push({ op: 'planHeader', header: next('COMPLETE'), expectedVersion: version });
      else ops.push({ op: 'planCheck', fundId, version });
      for (const change of part) {
        const unit = units.get(change.wardCode) ?? { name: byCode.get(change.wardCode)?.wardName ?? change.wardCode, provinceCode: byCode.get(change.wardCode)?.provinceCode ?? '' };
        const ward: Pick<PlanWard, 'wardCode' | 'wardName' | 'provinceCode'> = { wardCode: change.wardCode, wardName: unit.name, provinceCode: unit.provinceCode };
        ops.push({ op: 'planWard', fundId, ward, change: { planned: change.to - change.from }, ...(change.to < change.from ? { requireHeadroom: change.from - change.to } : {}) });
        ops.push({ op: 'journal', entry: planEntry(fund, change, unit.name, version, context.actor, at) });
      }
      if (last) {
        ops.push({ op: 'idempotency', record: { scope, key: context.idempotencyKey, requestHash: hash, status: 200, response: body, createdAt: at } });
      }
      try {
        await deps.transaction.commit(ops);
      } catch (error) {
        if (!(error instanceof CommitRejectedError)) throw error;
        if (error.failedOp === 'planWard') {
          throw new ConflictError(`Một khoản chi vừa được duyệt trong lúc lưu kế hoạch: tải lại / A disbursement was approved while the plan was saved: reload and save again`);
        }
        throw new ConflictError(
          `Kế hoạch của quỹ ${fundId} vừa được người khác thay đổi: tải lại / The plan of ${fundId} was changed by someone else while this one was saved: reload`,
          `version ${header.version}`,
          { cause: error },
        );
      }
    }
    return { status: 200, body };
  });
}

/** Plan against what happened, per ward: every ward the plan names or money went to, by ward code. */
export async function getPlan(deps: Pick<Stores, 'funds' | 'plans' | 'counters' | 'adminUnits'>, fundId: string): Promise<PlanView> {
  const [fund, header, wards, scopes] = await Promise.all([deps.funds.get(fundId), deps.plans.header(fundId), deps.plans.wards(fundId), deps.counters.listScopes(fundId, 'WARD')]);
  if (!fund) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  const rows = new Map<string, PlanView['items'][number]>();
  for (const ward of wards) {
    rows.set(ward.wardCode, { wardCode: ward.wardCode, wardName: ward.wardName, provinceCode: ward.provinceCode || undefined, planned: ward.planned, committed: ward.committed, approved: 0, disbursed: 0, confirmed: 0 });
  }
  const unnamed: string[] = [];
  for (const { scope, sums } of scopes) {
    const wardCode = parseScope(scope).value;
    let row = rows.get(wardCode);
    if (!row) {
      row = { wardCode, wardName: '', planned: 0, committed: 0, approved: 0, disbursed: 0, confirmed: 0 };
      rows.set(wardCode, row);
      unnamed.push(wardCode);
    }
    row.approved = sums.approved;
    row.disbursed = sums.disbursed;
    row.confirmed = sums.confirmed;
  }
  if (unnamed.length) {
    const units = new Map((await deps.adminUnits.list()).map((unit) => [unit.code, unit]));
    for (const code of unnamed) {
      const row = rows.get(code)!;
      row.wardName = units.get(code)?.name ?? code;
      row.provinceCode = units.get(code)?.provinceCode;
    }
  }
  const items = [...rows.values()]
    .map((row) => (row.provinceCode ? row : (({ provinceCode: _p, ...rest }) => rest)(row)))
    .sort((a, b) => a.wardCode.localeCompare(b.wardCode));
  return {
    fundId,
    version: header?.version ?? 0,
    status: header?.status ?? 'COMPLETE',
    wardCount: header?.wardCount ?? 0,
    total: header?.total ?? 0,
    ...(header?.updatedAt ? { updatedAt: header.updatedAt } : {}),
    items,
  };
}
