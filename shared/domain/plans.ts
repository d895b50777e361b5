/**
 * The allocation plan of a fund: how much each ward or commune is to get (DESIGN §12.3).
 *
 * Each ward's `planned`, `committed` (approved and paid to it) and `headroom` (planned − committed)
 * live in its plan ward item and change only inside the transactions that journal the change, on
 * conditions, as the fund's balance does: so the plan is exact however many disbursements run at
 * once. A plan is written in parts (a transaction holds 100 items); the header names its version
 * and whether its last part has landed.
 */
export interface PlanHeader {
  fundId: string;
  /** 0 before the first plan. */
  version: number;
  status: 'APPLYING' | 'COMPLETE';
  wardCount: number;
  total: number;
  updatedAt?: string;
  updatedBy?: string;
  /** The request that wrote this version: a retry of it resumes an unfinished plan instead of starting another. */
  request?: string;
}

export interface PlanWard {
  wardCode: string;
  wardName: string;
  provinceCode: string;
  planned: number;
  committed: number;
}

export interface PlanItemInput {
  wardCode: string;
  amount: number;
}

export interface WardChange {
  wardCode: string;
  from: number;
  to: number;
}

/** Each ward whose planned amount changes, in ward-code order: a ward left out of the new plan goes to 0. */
export function planChanges(current: readonly Pick<PlanWard, 'wardCode' | 'planned'>[], next: readonly PlanItemInput[]): WardChange[] {
  const target = new Map(next.map((item) => [item.wardCode, item.amount]));
  const now = new Map(current.map((ward) => [ward.wardCode, ward.planned]));
  const codes = [...new Set([...target.keys(), ...now.keys()])].sort();
  return codes.flatMap((wardCode) => {
    const from = now.get(wardCode) ?? 0;
    const to = target.get(wardCode) ?? 0;
    return from === to ? [] : [{ wardCode, from, to }];
  });
}

/** Wards per transaction: a plan ward item and a journal entry each, under the limit of 100 with the header and the idempotency record. */
export const PLAN_PART_WARDS = 45;

export function planParts<T>(changes: readonly T[], size = PLAN_PART_WARDS): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < changes.length; i += size) parts.push(changes.slice(i, i + size));
  return parts;
}

/** How a request for a ward compares with what remains of its plan. */
export interface PlanPosition {
  planned: number;
  committed: number;
  /** How far the amount goes beyond what remains planned; 0 when it fits. */
  excess: number;
}

export function planPosition(ward: Pick<PlanWard, 'planned' | 'committed'> | undefined, amount: number): PlanPosition {
  const planned = ward?.planned ?? 0;
  const committed = ward?.committed ?? 0;
  return { planned, committed, excess: Math.max(0, committed + amount - planned) };
}
