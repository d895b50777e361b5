import type { MappingVersion, SavedMapping } from '../../domain/statements/mappings';

/** Saved column mappings (DESIGN §9.6), written by commands (`statementMapping`, `statementMappingVersion`). */
export interface StatementMappingStore {
  get(id: string): Promise<SavedMapping | null>;
  /** Every saved mapping, oldest first (a few dozen at most). */
  list(): Promise<SavedMapping[]>;
  /** Every version of one mapping, oldest first. */
  versions(id: string): Promise<MappingVersion[]>;
}
