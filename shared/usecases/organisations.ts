import { newId } from '../domain/ids';
import type { Organisation } from '../domain/organisations';
import { isOverdue, type Pledge } from '../domain/pledges';
import { vietnamDay } from '../domain/journal';
import { ROOT_COMMITTEE } from '../domain/committees';
import { UnprocessableError } from '../errors';
import { executeCommand, type CommandContext, type CommandDeps } from './command';
import { findCommittee, type CommitteeDeps } from './committees';
import type { Stores } from './ports';
import { inScope, requireCommitteeScope, type Scope } from './scope';
import { fold, matchesQuery } from '../domain/text';
import * as clock from '../domain/clock';

/** An organisation belongs to the committee that registered it; its admins (or an ancestor's, with children) manage it. */
export async function createOrganisation(
  deps: CommandDeps & CommitteeDeps,
  input: { name: string; taxCode?: string; contactEmail?: string; committeeId?: string },
  context: CommandContext,
) {
  return executeCommand<Organisation>(deps, 'CreateOrganisation', input, context, async (now) => {
    const committeeId = input.committeeId ?? ROOT_COMMITTEE;
    const committee = await findCommittee(deps, committeeId);
    if (!committee) throw new UnprocessableError(`Không có ủy ban ${committeeId} / No committee ${committeeId}`, [{ path: 'body.committeeId', message: 'no such committee' }]);
    requireCommitteeScope(context.scope, committee.path, 'các tổ chức / the organisations');
    const organisation: Organisation = { id: newId(now.getTime()), ...input, committeeId, createdAt: now.toISOString(), createdBy: context.actor };
    return { ops: [{ op: 'create', aggregate: { type: 'organisation', value: organisation } }], response: { status: 201, body: organisation } };
  });
}

/**
 * The organisations whose committee the caller's grants cover (DESIGN §12.2), newest first,
 * narrowed by a few letters of the name or tax code, diacritics ignored: what the console lists
 * to manage keys and print statements.
 */
export async function listOrganisations(deps: Pick<Stores, 'organisations'> & CommitteeDeps, scope: Scope | undefined, query?: string) {
  const paths = new Map<string, readonly string[]>();
  const pathOf = async (committeeId: string) => {
    if (!paths.has(committeeId)) paths.set(committeeId, (await findCommittee(deps, committeeId))?.path ?? [ROOT_COMMITTEE]);
    return paths.get(committeeId)!;
  };
  const items: Organisation[] = [];
  for (const organisation of (await deps.organisations.list()).reverse()) {
    if (query && !matchesQuery(fold(`${organisation.name} ${organisation.taxCode ?? ''}`), query)) continue;
    if (inScope(scope, await pathOf(organisation.committeeId ?? ROOT_COMMITTEE))) items.push(organisation);
  }
  return { items };
}

export async function organisationPledges(deps: Pick<Stores, 'pledges'>, orgId: string, now = clock.now()) {
  const pledges = await deps.pledges.listByOrganisation(orgId);
  const today = vietnamDay(now.toISOString());
  return {
    items: pledges.map((p: Pledge) => ({
      ref: p.ref,
      fundId: p.fundId,
      amount: p.amount,
      received: p.received,
      status: p.status,
      overdue: isOverdue(p, today),
      donorName: p.donor.name,
      createdAt: p.createdAt,
      dueDate: p.dueDate,
    })),
  };
}
