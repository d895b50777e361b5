/** A pledge (`PLEDGE#<id>` / `META`): on gsi1 under its organisation, on gsi2 while it is open and has a due date. */
import type { Pledge } from '../../../domain/pledges';
import { keys, type Item } from '../table';

/** The organisation a pledge was made for, from its creator (`org:<id>`). */
function organisationOf(pledge: Pledge): string | undefined {
  return pledge.createdBy.startsWith('org:') ? pledge.createdBy.slice(4) : undefined;
}

export function pledgeItem(pledge: Pledge): Item {
  const orgId = organisationOf(pledge);
  const byOrganisation = orgId ? { gsi1pk: keys.orgPledgesIndex(orgId), gsi1sk: pledge.id } : {};
  const { dueDate, status, fundId, id } = pledge;
  // Sparse: only open pledges with a due date, so the overdue list is one range query.
  const due = dueDate && (status === 'PLEDGED' || status === 'PARTIALLY_RECEIVED') ? { gsi2pk: keys.duePledgesIndex(fundId), gsi2sk: `${dueDate}#${id}` } : {};
  return { ...keys.pledge(pledge.id), kind: 'PLEDGE', ...byOrganisation, ...due, ...pledge };
}
