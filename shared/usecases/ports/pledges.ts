import type { Pledge } from '../../domain/pledges';

export interface PledgeStore {
  get(id: string): Promise<Pledge | null>;
  getByRef(ref: string): Promise<Pledge | null>;
  /** The pledges among these reference codes, in one batched read: other codes are left out. */
  getByRefs(refs: readonly string[]): Promise<Pledge[]>;
  /** An organisation's pledges (made with its API key), oldest first. */
  listByOrganisation(orgId: string): Promise<Pledge[]>;
  /** Pledges of the fund due before `today` (YYYY-MM-DD) that are not fully received or cancelled, by due date. */
  listOverdue(fundId: string, today: string): Promise<Pledge[]>;
}
