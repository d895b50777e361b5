/** Organisations and their API keys in DynamoDB. */
import type { ApiKeyRecord, Organisation } from '../../domain/organisations';
import type { OrganisationStore } from '../../usecases/ports/organisations';
import { fromItem, getItem, keys, queryAll } from './table';

export function dynamoOrganisationStore(): OrganisationStore {
  const listApiKeys = async (orgId: string) =>
    (
      await queryAll({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.orgApiKeysIndex(orgId) },
      })
    ).map((item) => fromItem<ApiKeyRecord>(item)!);
  return {
    get: async (id) => fromItem<Organisation>(await getItem(keys.organisation(id), true)),
    list: async () =>
      (await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.organisationsIndex() } })).map(
        (item) => fromItem<Organisation>(item)!,
      ),
    // Eventually consistent: asked on every request an organisation makes, and a key is never used the moment it is made.
    getApiKeyByHash: async (keyHash) => fromItem<ApiKeyRecord>(await getItem(keys.apiKey(keyHash), false)),
    listApiKeys,
    // The index finds the key's hash (which never changes); the key itself is then read consistently.
    getApiKey: async (orgId, keyId) => {
      const listed = (await listApiKeys(orgId)).find((key) => key.keyId === keyId);
      return listed ? fromItem<ApiKeyRecord>(await getItem(keys.apiKey(listed.keyHash), true)) : null;
    },
  };
}
