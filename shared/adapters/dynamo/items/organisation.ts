/** An organisation (`ORG#<id>` / `META`) and its API keys (`APIKEY#<sha256>` / `APIKEY`). */
import type { ApiKeyRecord, Organisation } from '../../../domain/organisations';
import { keys, type Item } from '../table';

export function organisationItem(organisation: Organisation): Item {
  return { ...keys.organisation(organisation.id), kind: 'ORGANISATION', ...organisation };
}

export function apiKeyItem(record: ApiKeyRecord): Item {
  return { ...keys.apiKey(record.keyHash), kind: 'APIKEY', ...record };
}
