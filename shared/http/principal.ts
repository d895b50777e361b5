import type { Role } from '../routes/route';

/** Who is calling: nobody in particular, a staff member (from a verified JWT), or an organisation (API key). */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'staff'; userId: string; roles: Role[] }
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
      return 'public';
  }
}
