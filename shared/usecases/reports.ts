/**
 * Reading published reports: the list, inclusion proofs for a reference code, consistency proofs
 * between two nights, file downloads and the public keys. Everything is read from the report
 * files themselves (manifest, refs.idx, tree.bin, entries.jsonl) with ranged reads, so answers
 * are exactly what was signed and never depend on the live ledger.
 */
import { NAMES_FILE } from '../reports/names';
import { NotFoundError, SoVangError, UnprocessableError } from '../errors';
import { fromHex, fromUtf8, toHex, utf8 } from '../reports/bytes';
import { parseEntryLine } from '../reports/entries';
import { MANIFEST_FILE, OPEN_DATA_FILES, type KeysFile, type Manifest, type PublishedFileName } from '../reports/manifest';
import { consistencyProof, inclusionProof, leafHash, verifyConsistency, verifyInclusion } from '../reports/merkle';
import { REFS_HEADER_BYTES, bucketRange, findInBucket, refBucket, type RefLocation } from '../reports/refs-index';
import { KEYS_KEY, indexKey, reportKey, type ReportIndex, type ReportIndexItem } from '../reports/layout';
import { portableHasher, type Hasher } from '../reports/sha256';
import { treeFileSubtrees } from '../reports/tree-file';
import type { z } from 'zod';
import type { ConsistencyProof, InclusionProofs } from '../schemas/reports';
import type { FundStore, ReportObjectStore } from './ports';

export const FILE_URL_SECONDS = 300;

export interface ReportListItem extends Omit<ReportIndexItem, 'openData'> {
  files: Partial<Record<PublishedFileName, string>>;
}

export function filePath(fundId: string, date: string, name: string): string {
  return `/v1/reports/${fundId}/${date}/files/${name}`;
}

export async function listReports(store: ReportObjectStore, funds: Pick<FundStore, 'get'>, fundId: string): Promise<{ fundId: string; items: ReportListItem[] }> {
  if (!(await funds.get(fundId))) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  const bytes = await store.get(indexKey(fundId));
  const index = bytes ? (JSON.parse(fromUtf8(bytes)) as ReportIndex) : { reports: [] };
  const names: PublishedFileName[] = ['manifest.json', 'summary.json', 'report.html', 'entries.csv', 'disbursements.csv', 'entries.jsonl', 'tree.bin', 'refs.idx'];
  const items = [...index.reports]
    .sort((a, b) => (a.date < b.date ? 1 : -1))
    .map(({ openData, ...report }) => {
      // Only the open-data files the night published: a link to any other would not be found.
      const published = OPEN_DATA_FILES.filter((name) => openData?.includes(name));
      return { ...report, files: Object.fromEntries([...names, ...published].map((n) => [n, filePath(fundId, report.date, n)])) as ReportListItem['files'] };
    });
  return { fundId, items };
}

interface LoadedManifest {
  manifest: Manifest;
  sha256: string;
  /** The dated folder the files are read from (`latest` resolves to its date). */
  date: string;
}

async function loadManifest(store: ReportObjectStore, fundId: string, date: string, hasher: Hasher): Promise<LoadedManifest> {
  const bytes = await store.get(reportKey(fundId, date, MANIFEST_FILE));
  if (!bytes) throw new NotFoundError(`Chưa có báo cáo ${fundId} ngày ${date} / No report for ${fundId} on ${date}`);
  const manifest = JSON.parse(fromUtf8(bytes)) as Manifest;
  return { manifest, sha256: toHex(hasher.sha256(bytes)), date: manifest.date };
}

function subtrees(store: ReportObjectStore, fundId: string, loaded: LoadedManifest, hasher: Hasher) {
  return treeFileSubtrees(loaded.manifest.treeSize, (offset, length) => store.getRange(reportKey(fundId, loaded.date, 'tree.bin'), offset, length), hasher);
}

/** The signed manifest is in the answer itself, so one answer is enough to check the root's signature (keys: /v1/reports/keys.json). */
export type InclusionProofView = z.infer<typeof InclusionProofs>;

export async function getInclusionProofs(
  store: ReportObjectStore,
  input: { fundId: string; date: string; ref?: string; leaf?: number },
  hasher: Hasher = portableHasher,
): Promise<InclusionProofView> {
  const { fundId } = input;
  const loaded = await loadManifest(store, fundId, input.date, hasher);
  const { manifest } = loaded;
  const refsKey = reportKey(fundId, loaded.date, 'refs.idx');
  let ref = input.ref ?? '';
  let locations: RefLocation[];
  if (input.leaf !== undefined) {
    const found = input.leaf < manifest.treeSize ? await findLeaf(store, refsKey, input.leaf) : null;
    if (!found) throw new NotFoundError(`Báo cáo ngày ${loaded.date} không có giao dịch #${input.leaf + 1} / The report of ${loaded.date} has no leaf ${input.leaf}`);
    ref = found.ref;
    locations = [found.location];
  } else {
    const header = await store.getRange(refsKey, 0, REFS_HEADER_BYTES);
    const [start, end] = bucketRange(header, refBucket(ref, hasher));
    locations = findInBucket(await store.getRange(refsKey, start, end - start), ref);
  }
  if (!locations.length) {
    throw new NotFoundError(`Báo cáo ngày ${loaded.date} không có giao dịch nào của ${ref} / The report of ${loaded.date} has no entry for ${ref}`);
  }
  const root = fromHex(manifest.rootHash);
  const tree = subtrees(store, fundId, loaded, hasher);
  const entries = await Promise.all(
    locations.map(async (location) => {
      const line = fromUtf8(await store.getRange(reportKey(fundId, loaded.date, 'entries.jsonl'), location.offset, location.length));
      const leaf = leafHash(utf8(line), hasher);
      const path = await inclusionProof(tree, location.leafIndex, manifest.treeSize);
      // Never hand out a proof that does not check: it would look like tampering to the citizen.
      if (!verifyInclusion(leaf, location.leafIndex, manifest.treeSize, path, root, hasher)) {
        throw new SoVangError(`inclusion proof for leaf ${location.leafIndex} of ${fundId} ${loaded.date} does not verify`);
      }
      return { leafIndex: location.leafIndex, leafHash: toHex(leaf), auditPath: path.map(toHex), line, entry: parseEntryLine(line) };
    }),
  );
  return { fundId, date: loaded.date, ref, treeSize: manifest.treeSize, rootHash: manifest.rootHash, manifestSha256: loaded.sha256, manifest, entries };
}

/**
 * A leaf by its index: refs.idx lists every leaf under its own reference first, so one pass over
 * the index finds it. A certificate asks once, and the answer is cached like every proof.
 */
async function findLeaf(store: ReportObjectStore, refsKey: string, leaf: number): Promise<{ ref: string; location: RefLocation } | null> {
  const index = await store.get(refsKey);
  if (!index) return null;
  const wanted = `\t${leaf}\t`;
  for (const line of fromUtf8(index.subarray(REFS_HEADER_BYTES)).split('\n')) {
    if (!line.includes(wanted)) continue;
    const [ref, leafIndex, offset, length] = line.split('\t');
    if (Number(leafIndex) === leaf) return { ref: ref!, location: { leafIndex: leaf, offset: Number(offset), length: Number(length) } };
  }
  return null;
}

export type ConsistencyProofView = z.infer<typeof ConsistencyProof>;
export type TreeHead = ConsistencyProofView['from'];

export async function getConsistencyProof(
  store: ReportObjectStore,
  input: { fundId: string; from: string; to: string },
  hasher: Hasher = portableHasher,
): Promise<ConsistencyProofView> {
  const { fundId } = input;
  const [older, newer] = await Promise.all([loadManifest(store, fundId, input.from, hasher), loadManifest(store, fundId, input.to, hasher)]);
  if (older.date > newer.date) {
    throw new UnprocessableError('from must not be after to', [{ path: 'query.from', message: `${older.date} is after ${newer.date}` }]);
  }
  const m = older.manifest.treeSize;
  const n = newer.manifest.treeSize;
  if (m > n) throw new SoVangError(`report ${older.date} has more entries than the later ${newer.date}`);
  const proof = await consistencyProof(subtrees(store, fundId, newer, hasher), m, n);
  if (!verifyConsistency(m, n, fromHex(older.manifest.rootHash), fromHex(newer.manifest.rootHash), proof, hasher)) {
    throw new SoVangError(`the reports of ${older.date} and ${newer.date} are not consistent`);
  }
  const head = (l: LoadedManifest): TreeHead => ({ date: l.date, treeSize: l.manifest.treeSize, rootHash: l.manifest.rootHash, manifestSha256: l.sha256 });
  return { fundId, from: head(older), to: head(newer), proof: proof.map(toHex) };
}

/** A published file, or names.jsonl from the names store (`names`; the reports store where there is none: tests on one store). */
export async function reportFileUrl(store: ReportObjectStore, input: { fundId: string; date: string; name: PublishedFileName | typeof NAMES_FILE }, names: ReportObjectStore = store): Promise<string> {
  const { fundId, date, name } = input;
  // Only committed reports are served: a folder without a manifest is an interrupted run.
  if (!(await store.get(reportKey(fundId, date, MANIFEST_FILE)))) {
    throw new NotFoundError(`Chưa có báo cáo ${fundId} ngày ${date} / No report for ${fundId} on ${date}`);
  }
  return (name === NAMES_FILE ? names : store).presignGet(reportKey(fundId, date, name), FILE_URL_SECONDS);
}

export async function getPublicKeys(store: ReportObjectStore): Promise<KeysFile> {
  const bytes = await store.get(KEYS_KEY);
  if (!bytes) throw new NotFoundError('Chưa có khóa công khai / No public keys published yet');
  return JSON.parse(fromUtf8(bytes)) as KeysFile;
}

