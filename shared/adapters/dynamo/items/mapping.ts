/** Saved column mappings: `MAPPING#<id>` / `META` (gsi1 `MAPPINGS` lists them) and each version at `V#<n>`. */
import type { MappingVersion, SavedMapping } from '../../../domain/statements/mappings';
import { keys, type Item } from '../table';

export function mappingItem(mapping: SavedMapping): Item {
  return { ...keys.mapping(mapping.id), kind: 'STATEMENT_MAPPING', gsi1pk: keys.mappingsIndex(), gsi1sk: `${mapping.createdAt}#${mapping.id}`, ...mapping };
}

export function mappingVersionItem(version: MappingVersion): Item {
  return { ...keys.mappingVersion(version.id, version.version), kind: 'STATEMENT_MAPPING_VERSION', ...version };
}
