/**
 * Retiring the report signing key after a rotation (docs/DEPLOY.md, Key rotation): keys.json
 * records, attested by the old key itself, the first report date it no longer signs. From then a
 * night signed by it fails verification, naming keys.json; the nights before stay verifiable.
 */
import { emptyKeysFile, keysAfterRetiring, keysFileText } from '../reports/keys';
import { KEYS_KEY } from '../reports/layout';
import type { KeysFile, Signer } from '../reports/manifest';
import type { Hasher } from '../reports/sha256';
import { LATEST_CACHE, readJson } from './report-publication';
import type { ReportObjectStore } from './ports/report-objects';

export async function retireReportKey(deps: { store: ReportObjectStore; signer: Signer; hasher?: Hasher }, retiredAt: string): Promise<KeysFile> {
  const keys = await keysAfterRetiring((await readJson<KeysFile>(deps.store, KEYS_KEY)) ?? emptyKeysFile(), deps.signer, retiredAt, deps.hasher);
  await deps.store.put(KEYS_KEY, keysFileText(keys), 'application/json; charset=utf-8', { cacheControl: LATEST_CACHE });
  return keys;
}
