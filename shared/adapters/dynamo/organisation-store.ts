/** Organisations and their API keys in DynamoDB. */
import type { ApiKeyRecord, Organisation } from '../../domain/organisations';
import type { OrganisationStore } from '../../usecases/ports/organisations';
import { fromItem, getItem, keys } from './table';

export function dynamoOrganisationStore(): OrganisationStore {
  return {
    get: async (id) => fromItem<Organisation>(await getItem(keys.organisation(id), true)),
    // Eventually consistent: asked on every request an organisation makes, and a key is never used the moment it is made.
    getApiKeyByHash: async (keyHash) => fromItem<ApiKeyRecord>(await getItem(keys.apiKey(keyHash), false)),
  };
}
