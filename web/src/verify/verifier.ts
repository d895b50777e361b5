/**
 * Verifies a nightly report in the browser, trusting nothing the server says about itself. The
 * report runs through the shared verifier (shared/reports/verify.ts), as `npm run verify-report`
 * runs it: the signature by a pinned key valid on the report's date, the chain, every file's hash,
 * the root and the consistency with the previous night recomputed from the entries, the CSVs,
 * the summary's totals per ward and day, the page and the open data re-derived from them, and the
 * names file. The first failure is shown with the file it is in. Apart from that, the manifest's
 * bytes must be the ones the archive lists, and each entry of a reference code must be in the
 * signed tree (RFC 9162 inclusion proof).
 */
import { api, apiOptional, ApiError } from '../api';
import { formatDateTime, formatTime, formatVnd } from '../format';
import { formatDateProse, formatVndEnglish, vietnamDay } from '../../../shared/domain/format';
import { publicationOf, reportDateOf } from '../../../shared/reports/layout';
import { entryTypeLabel } from '../../../shared/domain/labels';
import { fromHex, toHex, utf8 } from '../../../shared/reports/bytes';
import type { Manifest } from '../../../shared/reports/manifest';
import { leafHash, verifyInclusion } from '../../../shared/reports/merkle';
import { portableHasher } from '../../../shared/reports/sha256';
import { verifyReport as verifyPublishedReport } from '../../../shared/reports/verify';
import { PINNED_KEY_IDS, pinnedKeyCheck } from './pinned-keys';
import type { InclusionProofs, PublicPledge, ReportListItem } from '../types';
import { leafNameChecks } from './names';
import { reportCheck, type Check } from './report-checks';
import { browserReportSource } from './report-source';

export type { Check } from './report-checks';
export { verifyLeaf, type VerifiedLeaf } from './proofs';

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
  /** The report is authentic: every check of the shared verifier passed, and the archive lists this manifest. */
  ok: boolean;
  checks: Check[];
  summary: { vi: string; en: string };
  /** The published file the first failure is in. */
  failedFile?: string;
  manifest?: Manifest;
  inclusion?: Inclusion;
}

export async function verifyReport(input: { fundId: string; date: string; ref?: string; archive: ReportListItem[] }): Promise<VerifyResult> {
  const { fundId, date, archive } = input;
  const source = browserReportSource(fundId, date);
  const verified = await verifyPublishedReport(source, { hasher: portableHasher, ...(PINNED_KEY_IDS.length ? { pinnedKeyIds: PINNED_KEY_IDS } : {}) });
  const checks = verified.checks.map(reportCheck);
  const manifest = verified.manifest;
  // Whether the signing key is pinned, or that this build pins none; a refused key is the failure above.
  if (manifest && (verified.ok || !PINNED_KEY_IDS.length)) checks.push(pinnedKeyCheck(manifest.keyId));
  const listed = archive.find((r) => r.date === date);
  if (manifest && listed) {
    const manifestBytes = await source.read('manifest.json');
    const same = !!manifestBytes && toHex(portableHasher.sha256(manifestBytes)) === listed.manifestSha256;
    checks.push({ id: 'listed', ok: same, vi: 'Bản kê tải về trùng với bản được liệt kê trong kho báo cáo (SHA-256).', en: 'The downloaded manifest is the one the archive lists (SHA-256).', ...(same ? {} : { file: 'manifest.json' }) });
  }
  const failed = checks.find((c) => c.ok === false);
  const authentic = !failed && manifest?.fundId === fundId && manifest?.date === date;
  const failedFile = failed?.file;
  const summary =
    authentic && manifest
      ? {
          vi: `Báo cáo ${formatDateProse(date, 'vi')} là thật: do khóa ${manifest.keyId.slice(0, 8)}… ký, nối tiếp các báo cáo trước, không bị sửa đổi, và mọi con số đều tính lại được từ các giao dịch đã ký.`,
          en: `The report of ${formatDateProse(date, 'en')} is authentic: signed by key ${manifest.keyId.slice(0, 8)}…, chained to the earlier reports, not altered, and every figure re-derives from the signed entries.`,
        }
      : failedFile
        ? {
            vi: `Cảnh báo: tệp ${failedFile} không đạt kiểm chứng. Đừng tin báo cáo này khi chưa rõ lý do.`,
            en: `Warning: ${failedFile} failed verification. Do not trust this report until that is explained.`,
          }
        : { vi: 'Cảnh báo: có kiểm tra của báo cáo không đạt. Đừng tin báo cáo này khi chưa rõ lý do.', en: 'Warning: a check of the report failed. Do not trust this report until that is explained.' };
  const inclusion = input.ref && manifest ? await checkInclusion(fundId, date, input.ref, manifest, archive) : undefined;
  return { ok: authentic, checks, summary, ...(failedFile ? { failedFile } : {}), manifest, inclusion };
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
