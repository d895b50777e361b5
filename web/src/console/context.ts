/**
 * What every console tab receives: the signed-in person, the funds, the query. Tabs import this
 * module (and `shared.ts`), never `console.ts`, which loads them.
 */
import { pick } from '../i18n';
import type { Fund } from '../types';
import type { Session } from './auth';
import type { ApprovalQueue } from './queue';

export interface Me {
  userId: string;
  roles: string[];
  /** The committees each role covers (DESIGN §12.2). */
  grants: { committeeId: string; role: string; children: boolean }[];
  /** A person signed in for an organisation, not staff. */
  orgId?: string;
}

export interface ConsoleContext {
  session: Session;
  me: Me;
  /** `staff:<userId>`, as the journal and the disbursements record people. */
  actor: string;
  funds: Fund[];
  params: URLSearchParams;
  has(...roles: string[]): boolean;
  fundName(fundId: string): string;
  /** What waits for approval across funds, kept fresh while the console is open. */
  queue: ApprovalQueue;
}

/** A console tab: renders into the element it returns. */
export type ConsoleTab = (ctx: ConsoleContext) => Promise<HTMLElement> | HTMLElement;

export function consoleContext(session: Session, me: Me, funds: Fund[], params: URLSearchParams, queue: ApprovalQueue): ConsoleContext {
  return {
    queue,
    session,
    me,
    actor: `staff:${me.userId}`,
    funds,
    params,
    has: (...roles) => roles.some((r) => me.roles.includes(r)),
    fundName: (fundId) => pick(funds.find((f) => f.fundId === fundId)?.name) || fundId,
  };
}
