import type { Grant, Role } from '../domain/committees';
import { PUBLIC_ACTOR } from '../domain/pledges';

/**
 * Who is calling: nobody in particular, a staff member (from a verified JWT: the roles and the
 * grants that scope them to committees), or an organisation (its API key, or its console sign-in).
 */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'staff'; userId: string; roles: Role[]; grants: Grant[] }
  | { kind: 'organisation'; orgId: string; keyId: string };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

/** The actor recorded in the journal for this principal. */
export function actorOf(principal: Principal): string {
  switch (principal.kind) {
    case 'staff':
      return `staff:${principal.userId}`;
    case 'organisation':
      return `org:${principal.orgId}`;
    default:
      return PUBLIC_ACTOR;
  }
}
