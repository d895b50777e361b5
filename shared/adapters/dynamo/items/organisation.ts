/** An organisation (`ORG#<id>` / `META`, on gsi1 `ORGS`) and its API keys (`APIKEY#<sha256>` / `APIKEY`, on gsi1 under the organisation). */
import type { ApiKeyRecord, Organisation } from '../../../domain/organisations';
import { keys, type Item } from '../table';

export function organisationItem(organisation: Organisation): Item {
  return { ...keys.organisation(organisation.id), gsi1pk: keys.organisationsIndex(), gsi1sk: organisation.id, kind: 'ORGANISATION', ...organisation };
}

export function apiKeyItem(record: ApiKeyRecord): Item {
  return { ...keys.apiKey(record.keyHash), gsi1pk: keys.orgApiKeysIndex(record.orgId), gsi1sk: `${record.createdAt}#${record.keyId}`, kind: 'APIKEY', ...record };
}
