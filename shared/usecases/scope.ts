/**
 * The use-case half of scoped roles (DESIGN §12.2): the auth middleware let the caller through on
 * a grant of one of the route's roles; here, right after reading the fund (or the record that
 * names it), one of those grants must cover the fund's committee.
 */
import { mayAct, type Grant, type Role } from '../domain/committees';
import { fundCommitteeId, fundCommitteePath, type Fund } from '../domain/funds';
import { ForbiddenError } from '../errors';
import type { Stores } from './ports';

/**
 * Who is acting, for scope: a staff member's grants and the roles the route allows, or the system
 * itself (the seed, a statement's matcher acting for the bank) which every committee trusts.
 */
export type Scope = { kind: 'system' } | { kind: 'staff'; grants: readonly Grant[]; roles: readonly Role[] };

export const SYSTEM_SCOPE: Scope = { kind: 'system' };

export function inScope(scope: Scope | undefined, committeePath: readonly string[]): boolean {
  if (!scope || scope.kind === 'system') return true;
  return mayAct(scope.grants, scope.roles, committeePath);
}

/** Throws 403 unless the scope covers the committee (given by its path, the root first). */
export function requireCommitteeScope(scope: Scope | undefined, committeePath: readonly string[], what: string): void {
  if (inScope(scope, committeePath)) return;
  const committee = committeePath.at(-1)!;
  throw new ForbiddenError(
    `Vai trò của bạn không bao gồm ${what} của ủy ban ${committee} / Your roles do not cover ${what} of committee ${committee}`,
  );
}

/** Which funds a list across funds shows: those whose committee the scope covers. */
export function fundsInScope(scope: Scope | undefined): (fund: Fund) => boolean {
  return (fund) => inScope(scope, fundCommitteePath(fund));
}

/** Throws 403 unless the scope covers the fund's committee. */
export function requireScope(scope: Scope | undefined, fund: Fund): void {
  if (inScope(scope, fundCommitteePath(fund))) return;
  throw new ForbiddenError(
    `Vai trò của bạn không bao gồm quỹ ${fund.fundId} của ủy ban ${fundCommitteeId(fund)} / Your roles do not cover fund ${fund.fundId} of committee ${fundCommitteeId(fund)}`,
  );
}

/**
 * Reads the fund and checks scope: for routes whose use case does not read the fund itself. An
 * unknown fund passes (the use case answers 404 or 422 for it, as to anyone).
 */
export async function requireFundScope(deps: Pick<Stores, 'funds'>, scope: Scope | undefined, fundId: string): Promise<Fund | null> {
  if (!scope || scope.kind === 'system') return deps.funds.get(fundId);
  const fund = await deps.funds.get(fundId);
  if (fund) requireScope(scope, fund);
  return fund;
}

/** A statement's fund in scope (the statement routes check it before their use case runs). An unknown statement passes: the use case answers 404. */
export async function requireStatementScope(deps: Pick<Stores, 'funds' | 'statements'>, scope: Scope | undefined, statementId: string): Promise<void> {
  if (!scope || scope.kind === 'system') return;
  const statement = await deps.statements.get(statementId);
  if (statement) await requireFundScope(deps, scope, statement.fundId);
}
