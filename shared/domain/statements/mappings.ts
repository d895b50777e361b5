/**
 * Saved column mappings (DESIGN §9.6): a bank layout a clerk mapped once, under a name, tried
 * before the built-in layouts on every later file. Each version is kept.
 */
import { customFormat, type ColumnMapping, type StatementFormat } from './formats';

export interface SavedMapping {
  id: string;
  /** The fund whose clerk saved it, in whose journal its versions are recorded; it reads any fund's files. */
  fundId: string;
  name: string;
  /** The header row it was made from, as the file has it. */
  header: string[];
  mapping: ColumnMapping;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/** One version of a mapping, as it was saved: immutable. */
export type MappingVersion = Omit<SavedMapping, 'version'> & { version: number };

/** The format detection tries for a saved mapping. */
export function mappingFormat(saved: SavedMapping): StatementFormat {
  return customFormat(`mapping:${saved.id}`, saved.mapping, `${saved.name} (saved mapping, version ${saved.version})`);
}
