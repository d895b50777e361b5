/**
 * Guards: a reference code (`REF#<code>` / `REF`, pointing at its pledge or disbursement) and a
 * unique name (`UNIQUE#<name>` / `UNIQUE`), each claimed once with attribute_not_exists.
 */
import { keys, type Item, type ItemKey } from '../table';

export interface ReferenceGuard {
  entityType: 'pledge' | 'disbursement';
  entityId: string;
}

export function referenceItem(ref: string, guard: ReferenceGuard): Item {
  return { ...keys.ref(ref), kind: 'REF', entityType: guard.entityType, entityId: guard.entityId };
}

export function uniqueItem(name: string, owner: string): Item {
  return { ...keys.unique(name), kind: 'UNIQUE', owner };
}

/** The aggregate a guard points at, if it is of this type. */
export function targetOf(guard: Item | undefined, entityType: ReferenceGuard['entityType']): ItemKey | null {
  if (!guard || guard.entityType !== entityType) return null;
  const id = String(guard.entityId);
  return entityType === 'pledge' ? keys.pledge(id) : keys.disbursement(id);
}
