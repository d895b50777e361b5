/**
 * A pledge (`PLEDGE#<ref>` / `META`): keyed by its reference code, with its creation record
 * (`creation`: the idempotency data of the request that made it, DESIGN §8); on gsi1 under its
 * organisation, or under its fund while its name awaits moderation (only strangers' names are
 * held, and a stranger's pledge has no organisation); on gsi2 while it is open and has a due date.
 */
import { isAwaitingModeration, type Pledge } from '../../../domain/pledges';
import type { PledgeCreation } from '../../../usecases/ports/pledges';
import { fromItem, keys, type Item, type TransactItem } from '../table';

/** The organisation a pledge was made for, from its creator (`org:<id>`). */
function organisationOf(pledge: Pledge): string | undefined {
  return pledge.createdBy.startsWith('org:') ? pledge.createdBy.slice(4) : undefined;
}

/** The index attributes a pledge has in its current state. */
function indexAttributes(pledge: Pledge): Item {
  const orgId = organisationOf(pledge);
  const { dueDate, status, fundId, id } = pledge;
  // Sparse: the moderation queue reads only the names it holds, not the fund's journal.
  const byOrganisation = orgId
    ? { gsi1pk: keys.orgPledgesIndex(orgId), gsi1sk: id }
    : isAwaitingModeration(pledge)
      ? { gsi1pk: keys.heldNamesIndex(fundId), gsi1sk: `${pledge.createdAt}#${id}` }
      : {};
  // Sparse: only open pledges with a due date, so the overdue list is one range query.
  const due = dueDate && (status === 'PLEDGED' || status === 'PARTIALLY_RECEIVED') ? { gsi2pk: keys.duePledgesIndex(fundId), gsi2sk: `${dueDate}#${id}` } : {};
  return { ...byOrganisation, ...due };
}

export function pledgeItem(pledge: Pledge, creation?: PledgeCreation): Item {
  return { ...keys.pledge(pledge.ref), kind: 'PLEDGE', ...indexAttributes(pledge), ...pledge, ...(creation ? { creation } : {}) };
}

/** The pledge an item holds, without its creation record. */
export function pledgeFrom(item: Item | undefined): Pledge | null {
  const stored = fromItem<Pledge & { creation?: PledgeCreation }>(item);
  if (!stored) return null;
  const { creation: _creation, ...pledge } = stored;
  return pledge;
}

export function creationFrom(item: Item): PledgeCreation | null {
  return (item.creation as PledgeCreation | undefined) ?? null;
}

/**
 * Replaces a pledge's state, only if its stored version is still `expectedVersion`, keeping its
 * creation record: an update of its attributes (and of its sparse indexes: a closed pledge leaves
 * the due-date one, a moderated name the moderation one), not a put of a new item.
 */
export function pledgeUpdate(pledge: Pledge, expectedVersion: number, TableName: string): TransactItem {
  const { pk: _pk, sk: _sk, ...attributes } = pledgeItem(pledge);
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':expected': expectedVersion };
  const sets: string[] = [];
  Object.entries(attributes).forEach(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
    sets.push(`#a${i} = :a${i}`);
  });
  const removed = ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'dueDate', 'message'].filter((name) => !(name in attributes));
  removed.forEach((name, i) => (names[`#r${i}`] = name));
  const remove = removed.length ? ` REMOVE ${removed.map((_, i) => `#r${i}`).join(', ')}` : '';
  return {
    Update: {
      TableName,
      Key: keys.pledge(pledge.ref),
      UpdateExpression: `SET ${sets.join(', ')}${remove}`,
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { ...names, '#version': 'version' },
      ExpressionAttributeValues: values,
    },
  };
}
