/**
 * What follows a nightly report's commit (DESIGN §7): the signing key in keys.json, the night in
 * the fund's index.json and the copy under latest/. Each step checks before it writes, so a re-run
 * finishes what a crashed run left undone.
 */
import { fromUtf8 } from '../reports/bytes';
import { emptyKeysFile, keysAfterSigning, keysFileText } from '../reports/keys';
import { CONTENT_TYPES, MANIFEST_FILE, OPEN_DATA_FILES, hasNamelessLeaves, listedFiles, type KeysFile, type Manifest, type Signer } from '../reports/manifest';
import { KEYS_KEY, LATEST, indexKey, reportKey, type ReportIndex } from '../reports/layout';
import { NAMES_CONTENT_TYPE, NAMES_FILE } from '../reports/names';
import { portableHasher, type Hasher } from '../reports/sha256';
import { stableJson } from '../reports/summary';
import type { ReportObjectStore } from './ports';

export const LATEST_CACHE = 'public, max-age=300';
/** A withdrawal rewrites names files: caches must let it go soon. */
export const NAMES_CACHE = 'public, max-age=300';
/** Long enough for a concurrent run's read-modify-write of keys.json to land before this run checks it. */
const KEYS_SETTLE_MS = 100;

/** The nightly job's stores and signer, as far as publishing needs them (NightlyReportDeps). */
export interface PublicationDeps {
  store: ReportObjectStore;
  /** Where names.jsonl lives: the reports store when not given. */
  names?: ReportObjectStore;
  signer: Signer;
  hasher?: Hasher;
}

export async function readJson<T>(store: ReportObjectStore, key: string): Promise<T | null> {
  const bytes = await store.get(key);
  return bytes ? (JSON.parse(fromUtf8(bytes)) as T) : null;
}

/**
 * What follows a commit. keys.json, the fund's index and latest/'s files are separate objects,
 * written side by side; latest/'s manifest goes last, so a reader of latest/ never sees a
 * manifest ahead of its files or its names, nor one whose key keys.json does not list yet.
 */
export async function afterCommit(deps: PublicationDeps, manifest: Manifest, manifestSha256: string): Promise<void> {
  const toLatest = await isLatest(deps.store, manifest);
  await Promise.all([publishSigningKey(deps, manifest), addToIndex(deps, manifest, manifestSha256), toLatest ? copyFilesToLatest(deps, manifest) : undefined]);
  if (toLatest) await copyToLatest(deps.store, manifest, MANIFEST_FILE, CONTENT_TYPES[MANIFEST_FILE], LATEST_CACHE);
}

/**
 * Keys are only ever added: old reports must stay verifiable after a rotation. keys.json is
 * shared by every fund, and a put has no condition: a run that wrote it reads it again a moment
 * later, so another run's write from an older copy cannot silently drop this night's key.
 */
async function publishSigningKey(deps: PublicationDeps, manifest: Manifest): Promise<void> {
  const hasher = deps.hasher ?? portableHasher;
  for (let attempt = 0; attempt < 3; attempt++) {
    const keys = await keysAfterSigning((await readJson<KeysFile>(deps.store, KEYS_KEY)) ?? emptyKeysFile(), deps.signer, manifest, hasher);
    if (!keys) break;
    await deps.store.put(KEYS_KEY, keysFileText(keys), 'application/json; charset=utf-8', { cacheControl: LATEST_CACHE });
    await new Promise((settle) => setTimeout(settle, KEYS_SETTLE_MS));
  }
}

async function addToIndex(deps: PublicationDeps, manifest: Manifest, manifestSha256: string): Promise<void> {
  const { fundId, date } = manifest;
  const index = (await readJson<ReportIndex>(deps.store, indexKey(fundId))) ?? { format: 'sovang-report-index/1', fundId, reports: [] };
  if (index.reports.some((r) => r.date === date)) return;
  const openData = OPEN_DATA_FILES.filter((name) => manifest.files[name]);
  const item = { date, cutoff: manifest.cutoff, treeSize: manifest.treeSize, rootHash: manifest.rootHash, manifestSha256, ...(openData.length ? { openData } : {}) };
  index.reports = [...index.reports, item].sort((a, b) => (a.date < b.date ? -1 : 1));
  await deps.store.put(indexKey(fundId), stableJson(index), 'application/json; charset=utf-8', { cacheControl: LATEST_CACHE });
}

/** Whether this night is (still) the newest: a re-run of an older night leaves latest/ alone. */
async function isLatest(store: ReportObjectStore, manifest: Manifest): Promise<boolean> {
  const latest = await readJson<Manifest>(store, reportKey(manifest.fundId, LATEST, MANIFEST_FILE));
  return !latest || latest.date < manifest.date || (latest.date === manifest.date && latest.rootHash === manifest.rootHash);
}

/** latest/ holds the same bytes as the night's own folder, under the cache its kind of file allows. */
function copyToLatest(store: ReportObjectStore, manifest: Manifest, name: string, contentType: string, cacheControl: string): Promise<void> {
  const { fundId, date } = manifest;
  return store.copy(reportKey(fundId, date, name), reportKey(fundId, LATEST, name), contentType, cacheControl);
}

/** The files the manifest lists, and the night's names beside them: latest/'s manifest never points at another night's names. */
async function copyFilesToLatest(deps: PublicationDeps, manifest: Manifest): Promise<void> {
  await Promise.all([
    ...listedFiles(manifest).map((name) => copyToLatest(deps.store, manifest, name, CONTENT_TYPES[name], LATEST_CACHE)),
    hasNamelessLeaves(manifest.format) ? copyToLatest(deps.names ?? deps.store, manifest, NAMES_FILE, NAMES_CONTENT_TYPE, NAMES_CACHE) : undefined,
  ]);
}
