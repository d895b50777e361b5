import type { BankAccount } from '../../domain/funds';
import type { Pledge } from '../../domain/pledges';

/**
 * What made a pledge (DESIGN §8), kept on the pledge itself: the idempotency scope, key and
 * request hash of the request that created it, and the account the donor was told to pay into.
 * A request that comes again is answered from it.
 */
export interface PledgeCreation {
  scope: string;
  key: string;
  requestHash: string;
  payTo: BankAccount;
}

/** Pledges are keyed by their reference code (DESIGN §4). */
export interface PledgeStore {
  getByRef(ref: string): Promise<Pledge | null>;
  /** The pledge under a code with its creation record (null for a pledge made without one), strongly consistent. */
  getWithCreation(ref: string): Promise<{ pledge: Pledge; creation: PledgeCreation | null } | null>;
  /** The pledges among these reference codes, in one batched read: other codes are left out. */
  getByRefs(refs: readonly string[]): Promise<Pledge[]>;
  /** An organisation's pledges (made with its API key), oldest first. */
  listByOrganisation(orgId: string): Promise<Pledge[]>;
  /** Pledges of the fund due before `today` (YYYY-MM-DD) that are not fully received or cancelled, by due date. */
  listOverdue(fundId: string, today: string): Promise<Pledge[]>;
  /** Pledges of the fund whose names await moderation (`isAwaitingModeration`), oldest first. */
  listAwaitingModeration(fundId: string): Promise<Pledge[]>;
}
