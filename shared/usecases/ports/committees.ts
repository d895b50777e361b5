import type { Committee } from '../../domain/committees';

/**
 * Committees that are not an official unit (created under a parent); the official ones are the
 * admin units' and are not stored (DESIGN §12.2).
 */
export interface CommitteeStore {
  get(committeeId: string): Promise<Committee | null>;
  /** The stored committees directly under a parent, by id. */
  listChildren(parentId: string): Promise<Committee[]>;
}
