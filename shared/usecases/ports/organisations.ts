import type { ApiKeyRecord, Organisation } from '../../domain/organisations';

/** Organisations and their API keys (stored only as hashes). */
export interface OrganisationStore {
  get(id: string): Promise<Organisation | null>;
  getApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | null>;
}
