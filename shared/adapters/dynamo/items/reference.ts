/**
 * Guards: a reference code (`REF#<code>` / `REF`, pointing at its disbursement: a pledge is keyed by its code) and a
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

/** The disbursement a guard points at, if it points at one. */
export function disbursementOf(guard: Item | undefined): ItemKey | null {
  if (!guard || guard.entityType !== 'disbursement') return null;
  return keys.disbursement(String(guard.entityId));
}
