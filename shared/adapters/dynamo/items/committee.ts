/** A committee that is not an official unit (`COMMITTEE#<id>` / `META`), listed on gsi1 under its parent. */
import type { Committee } from '../../../domain/committees';
import { keys, type Item } from '../table';

export function committeeItem(committee: Committee): Item {
  return {
    ...keys.committee(committee.committeeId),
    kind: 'COMMITTEE',
    ...(committee.parentId ? { gsi1pk: keys.committeeChildrenIndex(committee.parentId), gsi1sk: committee.committeeId } : {}),
    ...committee,
  };
}
