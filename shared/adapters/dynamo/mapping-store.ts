/** Saved column mappings in DynamoDB: by id, all of them on gsi1, and each one's versions. */
import type { MappingVersion, SavedMapping } from '../../domain/statements/mappings';
import type { StatementMappingStore } from '../../usecases/ports/statement-mappings';
import { fromItem, getItem, keys, queryAll } from './table';

export function dynamoMappingStore(): StatementMappingStore {
  return {
    get: async (id) => fromItem<SavedMapping>(await getItem(keys.mapping(id), true)),

    async list() {
      const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.mappingsIndex() } });
      return items.map((item) => fromItem<SavedMapping>(item)!);
    },

    async versions(id) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':p': keys.mappingPartition(id), ':v': 'V#' },
        ConsistentRead: true,
      });
      return items.map((item) => fromItem<MappingVersion>(item)!);
    },
  };
}
