/**
 * Verifies a nightly report in the browser, trusting nothing the server says about itself:
 *  - the manifest's bytes hash to what the archive lists, and to the next report's chain link;
 *  - the public key's fingerprint is its id, and the manifest's signature checks with WebCrypto;
 *  - the small files hash to what the signed manifest says;
 *  - the previous report is a prefix of this one (RFC 9162 consistency proof);
 *  - each entry of a reference code is in the signed tree (RFC 9162 inclusion proof).
 *
 * It reuses the report primitives of shared/reports (Merkle tree, manifest signing payload,
 * SHA-256 from @noble/hashes), so browser and server agree byte for byte. When shared/reports/verify.ts
 * lands, its checks can replace the bodies below; the UI only needs `VerifyResult`.
 */
import { api, apiOptional, ApiError, fetchReportFile } from '../api';
import { formatDateTime, formatTime, formatVnd } from '../format';
import { formatDateProse, formatVndEnglish, vietnamDay } from '../../../shared/domain/format';
import { publicationOf, reportDateOf } from '../../../shared/reports/layout';
import { entryTypeLabel } from '../../../shared/domain/labels';
import { fromHex, toHex, utf8 } from '../../../shared/reports/bytes';
import { keyFingerprint, signingPayload, verifySignature, type Manifest, type PublicKeyRecord } from '../../../shared/reports/manifest';
import { leafHash, verifyConsistency, verifyInclusion } from '../../../shared/reports/merkle';
import { portableHasher } from '../../../shared/reports/sha256';
import { pinnedKeyCheck } from './pinned-keys';
import type { InclusionProofs, PublicPledge, ReportKeys, ReportListItem } from '../types';
import { leafNameChecks } from './names';

export interface Check {
  id: string;
  ok: boolean | null;
  vi: string;
  en: string;
}

/**
 * A reference code against one report: in it (every proof checks), in a later one (made after the
 * cut-off), in another fund, unknown, or missing although it should be there.
 */
export interface Inclusion {
  ref: string;
  state: 'included' | 'mismatch' | 'pending' | 'other-fund' | 'unknown' | 'missing';
  checks: Check[];
  message: { vi: string; en: string };
  /** The report the gift belongs to (pending, missing), and whether it is published yet. */
  reportDate?: string;
  ready?: boolean;
  /** The fund the code belongs to (other-fund). */
  fundId?: string;
}

export interface VerifyResult {
  /** The report is authentic: signature, key, chain, consistency and files all check. */
  ok: boolean;
  checks: Check[];
  summary: { vi: string; en: string };
  manifest?: Manifest;
  inclusion?: Inclusion;
}

function sha256Hex(bytes: Uint8Array): string {
  return toHex(portableHasher.sha256(bytes));
}

async function download(fundId: string, date: string, name: string): Promise<Uint8Array | null> {
  const response = await fetchReportFile(fundId, date, name);
  return response ? new Uint8Array(await response.arrayBuffer()) : null;
}

export async function verifyReport(input: { fundId: string; date: string; ref?: string; archive: ReportListItem[] }): Promise<VerifyResult> {
  const { fundId, date, archive } = input;
  const checks: Check[] = [];
  const add = (id: string, ok: boolean | null, vi: string, en: string) => checks.push({ id, ok, vi, en });
  const fail = (vi: string, en: string): VerifyResult => ({ ok: false, checks, summary: { vi, en } });
  const listed = archive.find((r) => r.date === date);

  const manifestBytes = await download(fundId, date, 'manifest.json');
  if (!manifestBytes) {
    add('manifest', false, 'Không tải được bản kê (manifest.json) của báo cáo.', 'Could not download the report manifest (manifest.json).');
    return fail('Không kiểm chứng được: thiếu bản kê.', 'Could not verify: the manifest is missing.');
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as Manifest;
  } catch {
    add('manifest', false, 'Bản kê không phải JSON hợp lệ.', 'The manifest is not valid JSON.');
    return fail('Không kiểm chứng được: bản kê hỏng.', 'Could not verify: the manifest is damaged.');
  }
  const manifestSha = sha256Hex(manifestBytes);
  add('manifest', manifest.fundId === fundId && manifest.date === date, `Bản kê của quỹ ${manifest.fundId}, ${formatDateProse(manifest.date, 'vi')}, gồm ${manifest.treeSize} giao dịch.`, `Manifest of fund ${manifest.fundId}, ${formatDateProse(manifest.date, 'en')}, with ${manifest.treeSize} entries.`);
  if (listed) {
    add('listed', listed.manifestSha256 === manifestSha, 'Bản kê tải về trùng với bản được liệt kê trong kho báo cáo (SHA-256).', 'The downloaded manifest is the one the archive lists (SHA-256).');
  }

  checks.push(...(await signatureChecks(manifest)));

  checks.push(pinnedKeyCheck(manifest.keyId));

  // Small files against the signed digests.
  // The open-data files are listed only by nights that published them (report format 2).
  for (const name of ['summary.json', 'report.html', 'open-data-facts.json', 'iati-activity.xml', '360giving.json'] as const) {
    const digest = manifest.files?.[name];
    if (!digest) continue;
    const bytes = await download(fundId, date, name);
    if (!bytes) {
      add(`file:${name}`, null, `Không tải được ${name} để so khớp.`, `Could not download ${name} to compare.`);
      continue;
    }
    add(`file:${name}`, sha256Hex(bytes) === digest.sha256, `Tệp ${name} đúng như bản kê đã ký.`, `${name} is exactly what the signed manifest says.`);
  }

  // The chain: the previous manifest hashes to the link, and its tree is a prefix of this one.
  if (manifest.previousDate && manifest.previousManifestSha256) {
    const previousBytes = await download(fundId, manifest.previousDate, 'manifest.json');
    const linked = previousBytes ? sha256Hex(previousBytes) === manifest.previousManifestSha256 : false;
    add('chain', linked, `Nối tiếp báo cáo ${formatDateProse(manifest.previousDate, 'vi')} (mã băm của bản kê trước khớp).`, `Chained to the report of ${formatDateProse(manifest.previousDate, 'en')} (the previous manifest's hash matches).`);
    if (linked && previousBytes) {
      const previous = JSON.parse(new TextDecoder().decode(previousBytes)) as Manifest;
      const consistency = await apiOptional<{ proof: string[] }>(`/v1/reports/${fundId}/consistency?from=${previous.date}&to=${date}`).catch(() => null);
      const consistent =
        !!consistency &&
        verifyConsistency(previous.treeSize, manifest.treeSize, fromHex(previous.rootHash), fromHex(manifest.rootHash), consistency.proof.map(fromHex), portableHasher);
      add(
        'consistency',
        consistent,
        `Báo cáo này chỉ nối thêm vào ${previous.treeSize} giao dịch của báo cáo trước, không sửa giao dịch nào.`,
        `This report only appends to the ${previous.treeSize} entries of the previous one; none was changed.`,
      );
    }
  } else {
    add('chain', null, 'Đây là báo cáo đầu tiên của quỹ.', 'This is the fund’s first report.');
  }

  const authentic = checks.every((c) => c.ok !== false);
  const summary = authentic
    ? {
        vi: `Báo cáo ${formatDateProse(date, 'vi')} là thật: do khóa ${manifest.keyId.slice(0, 8)}… ký, nối tiếp các báo cáo trước và không bị sửa đổi.`,
        en: `The report of ${formatDateProse(date, 'en')} is authentic: signed by key ${manifest.keyId.slice(0, 8)}…, chained to the earlier reports, and not altered.`,
      }
    : { vi: 'Cảnh báo: có kiểm tra của báo cáo không đạt. Đừng tin báo cáo này khi chưa rõ lý do.', en: 'Warning: a check of the report failed. Do not trust this report until that is explained.' };
  const inclusion = input.ref ? await checkInclusion(fundId, date, input.ref, manifest, archive) : undefined;
  return { ok: authentic, checks, summary, manifest, inclusion };
}

/** The key is the one its id names, and it signed the manifest. */
async function signatureChecks(manifest: Manifest): Promise<Check[]> {
  let key: PublicKeyRecord | undefined;
  try {
    const keys = await api<ReportKeys>('/v1/reports/keys.json');
    key = keys.keys.find((k) => k.keyId === manifest.keyId);
  } catch {
    key = undefined;
  }
  if (!key) return [{ id: 'key', ok: false, vi: `Không tìm thấy khóa công khai ${manifest.keyId}.`, en: `Public key ${manifest.keyId} was not found.` }];
  const spki = Uint8Array.from(atob(key.publicKey), (c) => c.charCodeAt(0));
  let signed: boolean;
  try {
    signed = await verifySignature(key, signingPayload(manifest), manifest.signature);
  } catch {
    signed = false;
  }
  return [
    { id: 'key', ok: keyFingerprint(spki) === key.keyId, vi: `Khóa công khai ${key.keyId} (${key.algorithm}) đúng với dấu vân tay của nó.`, en: `Public key ${key.keyId} (${key.algorithm}) matches its fingerprint.` },
    {
      id: 'signature',
      ok: signed,
      vi: signed ? 'Chữ ký số hợp lệ: bản kê chưa bị sửa từ khi được ký.' : 'Chữ ký số KHÔNG hợp lệ.',
      en: signed ? 'The signature is valid: the manifest has not changed since it was signed.' : 'The signature is NOT valid.',
    },
  ];
}

/** One leaf of a report, proven: what a gift's certificate shows, and only once every check passes. */
export interface VerifiedLeaf {
  ok: boolean;
  checks: Check[];
  manifest: Manifest;
  leafIndex: number;
  leafHash: string;
  line: string;
}

/**
 * Proves one leaf: the answer's manifest is the one the key signed, the line hashes to the leaf,
 * and the leaf's audit path leads to the signed root. The server's word is taken for nothing.
 */
export async function verifyLeaf(fundId: string, date: string, leafIndex: number): Promise<VerifiedLeaf> {
  const proofs = await api<InclusionProofs>(`/v1/reports/${fundId}/${date}/proof?leaf=${leafIndex}`);
  const { manifest } = proofs;
  const proof = proofs.entries.find((p) => p.leafIndex === leafIndex);
  const checks = await signatureChecks(manifest);
  const leaf = proof ? leafHash(utf8(proof.line), portableHasher) : new Uint8Array();
  const included =
    !!proof &&
    manifest.fundId === fundId &&
    toHex(leaf) === proof.leafHash &&
    verifyInclusion(leaf, leafIndex, manifest.treeSize, proof.auditPath.map(fromHex), fromHex(manifest.rootHash), portableHasher);
  checks.push({
    id: `inclusion:${leafIndex}`,
    ok: included,
    vi: `Giao dịch #${leafIndex + 1} nằm trong cây Merkle đã ký của báo cáo ${formatDateProse(manifest.date, 'vi')}.`,
    en: `Entry #${leafIndex + 1} is in the signed Merkle tree of the report of ${formatDateProse(manifest.date, 'en')}.`,
  });
  return { ok: checks.every((c) => c.ok !== false), checks, manifest, leafIndex, leafHash: proof?.leafHash ?? '', line: proof?.line ?? '' };
}

/**
 * Where a reference code stands against this report, kept apart from the report's authenticity:
 * a gift made after the report's cut-off is not a fault of the report, it is in a later one.
 */
async function checkInclusion(fundId: string, date: string, ref: string, manifest: Manifest, archive: ReportListItem[]): Promise<Inclusion> {
  let proofs: InclusionProofs | undefined;
  try {
    proofs = await api<InclusionProofs>(`/v1/reports/${fundId}/${date}/proof?ref=${encodeURIComponent(ref)}`);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
  const checks: Check[] = [];
  if (proofs?.entries.length) {
    const root = fromHex(manifest.rootHash);
    let pledged = 0;
    let received = 0;
    let all = proofs.rootHash === manifest.rootHash && proofs.treeSize === manifest.treeSize;
    for (const p of proofs.entries) {
      const leaf = leafHash(utf8(p.line), portableHasher);
      const entry = JSON.parse(p.line) as { entityRef?: string; details?: Record<string, unknown>; deltas?: Record<string, number>; type?: string };
      const mentions = entry.entityRef === ref || entry.details?.pledgeRef === ref;
      const included = toHex(leaf) === p.leafHash && mentions && verifyInclusion(leaf, p.leafIndex, manifest.treeSize, p.auditPath.map(fromHex), root, portableHasher);
      all &&= included;
      pledged += entry.deltas?.pledged ?? 0;
      received += entry.deltas?.received ?? 0;
      const type = entryTypeLabel(entry.type ?? '');
      checks.push({ id: `inclusion:${p.leafIndex}`, ok: included, vi: `Giao dịch #${p.leafIndex + 1} (${type.vi.toLowerCase()}) nằm trong cây Merkle đã ký.`, en: `Entry #${p.leafIndex + 1} (${type.en.toLowerCase()}) is in the signed Merkle tree.` });
    }
    const names = await leafNameChecks(fundId, date, manifest, proofs.entries);
    checks.push(...names);
    all &&= names.every((c) => c.ok !== false);
    return all
      ? {
          ref,
          state: 'included',
          checks,
          message: {
            vi: `${ref} có trong báo cáo: ${proofs.entries.length} giao dịch, cam kết ${formatVnd(pledged)}, đã nhận ${formatVnd(received)}.`,
            en: `${ref} is in the report: ${proofs.entries.length} entries, pledged ${formatVndEnglish(pledged)}, received ${formatVndEnglish(received)}.`,
          },
        }
      : { ref, state: 'mismatch', checks, message: { vi: `Bằng chứng cho ${ref} KHÔNG khớp với báo cáo đã ký.`, en: `The proof for ${ref} does NOT match the signed report.` } };
  }

  // Not in this report: when was the gift made, and in which fund?
  const pledge = ref.startsWith('UH') ? await apiOptional<PublicPledge>(`/v1/pledges/${ref}`).catch(() => null) : null;
  if (!pledge) {
    return {
      ref,
      state: 'unknown',
      checks,
      message: { vi: `Báo cáo này không có giao dịch nào của ${ref}, và không tìm thấy khoản ủng hộ mang mã này. Hãy kiểm tra lại mã.`, en: `This report has no entry for ${ref}, and no donation has this code. Please check the code.` },
    };
  }
  if (pledge.fundId !== fundId) {
    return {
      ref,
      state: 'other-fund',
      fundId: pledge.fundId,
      checks,
      message: { vi: `${ref} là khoản ủng hộ cho quỹ “${pledge.fundName.vi}”: hãy chọn quỹ đó để kiểm chứng.`, en: `${ref} is a donation to “${pledge.fundName.en || pledge.fundName.vi}”: choose that fund to verify it.` },
    };
  }
  const due = reportDateOf(pledge.createdAt);
  if (due > date) {
    const published = publicationOf(due);
    const ready = archive.some((r) => r.date === due);
    return {
      ref,
      state: 'pending',
      reportDate: due,
      ready,
      checks,
      message: {
        vi:
          `Khoản ủng hộ của bạn chưa có trong báo cáo đêm này: bạn đăng ký lúc ${formatDateTime(pledge.createdAt)}, sau giờ chốt của báo cáo này (hết ${formatDateProse(date, 'vi')}). ` +
          (ready ? `Nó nằm trong báo cáo ${formatDateProse(due, 'vi')}, đã công bố.` : `Nó sẽ có trong báo cáo ${formatDateProse(due, 'vi')}, công bố lúc ${formatTime(published)} ${formatDateProse(vietnamDay(published), 'vi')}.`),
        en:
          `Your gift is not in this night's report yet: you pledged at ${formatDateTime(pledge.createdAt)}, after the report's cut-off (the end of ${formatDateProse(date, 'en')}). ` +
          (ready ? `It is in the report of ${formatDateProse(due, 'en')}, already published.` : `It will be in the report of ${formatDateProse(due, 'en')}, published at ${formatTime(published)} on ${formatDateProse(vietnamDay(published), 'en')}.`),
      },
    };
  }
  return {
    ref,
    state: 'missing',
    reportDate: due,
    checks,
    message: {
      vi: `${ref} được đăng ký ${formatDateProse(due, 'vi')}, trước giờ chốt, nhưng báo cáo này không có giao dịch nào của nó. Hãy báo cho ban quản lý quỹ.`,
      en: `${ref} was pledged on ${formatDateProse(due, 'en')}, before the cut-off, yet this report has no entry for it. Please tell the fund's managers.`,
    },
  };
}

/**
 * One gift's proof as "find my transfer" hands it out (with the signed manifest in it): the
 * manifest's signature checks with a published key, the proof's root is the signed root, and
 * every leaf is in the tree at its index. True only if all of that holds.
 */
export async function proofPasses(proofs: InclusionProofs): Promise<boolean> {
  const { manifest } = proofs;
  if (manifest.rootHash !== proofs.rootHash || manifest.treeSize !== proofs.treeSize) return false;
  const keys = await api<ReportKeys>('/v1/reports/keys.json');
  const key = keys.keys.find((k) => k.keyId === manifest.keyId);
  if (!key) return false;
  const spki = Uint8Array.from(atob(key.publicKey), (c) => c.charCodeAt(0));
  if (keyFingerprint(spki) !== key.keyId) return false;
  if (!(await verifySignature(key, signingPayload(manifest), manifest.signature).catch(() => false))) return false;
  const root = fromHex(manifest.rootHash);
  return proofs.entries.every((p) => {
    const leaf = leafHash(utf8(p.line), portableHasher);
    return toHex(leaf) === p.leafHash && verifyInclusion(leaf, p.leafIndex, manifest.treeSize, p.auditPath.map(fromHex), root, portableHasher);
  });
}
