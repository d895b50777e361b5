import type { ApiKeyRecord, Organisation } from '../../domain/organisations';

/** Organisations and their API keys (stored only as hashes). */
export interface OrganisationStore {
  get(id: string): Promise<Organisation | null>;
  /** Every organisation, oldest first. */
  list(): Promise<Organisation[]>;
  getApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | null>;
  /** The organisation's keys, oldest first (revoked and expired ones too). */
  listApiKeys(orgId: string): Promise<ApiKeyRecord[]>;
  /** One of the organisation's keys as it is now (strongly consistent): what a change to it starts from. */
  getApiKey(orgId: string, keyId: string): Promise<ApiKeyRecord | null>;
}
