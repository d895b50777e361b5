/**
 * The shared verifier's checks in the page's words. Each check's detail (what was compared, and
 * with what) is the verifier's own, as `npm run verify-report` prints it; the label says in
 * Vietnamese and in English which promise of the report it is.
 */
import type { Check as VerifierCheck } from '../../../shared/reports/verify';

export interface Check {
  id: string;
  ok: boolean | null;
  vi: string;
  en: string;
  /** The published file a failure is in. */
  file?: string;
}

const CHECK_LABELS: Record<string, { vi: string; en: string }> = {
  manifest: { vi: 'Bản kê của báo cáo', en: 'The report’s manifest' },
  keys: { vi: 'Tệp khóa công khai', en: 'The public keys file' },
  signature: { vi: 'Chữ ký số của bản kê, bằng một khóa đã ghim và còn hiệu lực vào ngày báo cáo', en: 'The manifest’s signature, by a pinned key valid on the report’s date' },
  chain: { vi: 'Nối tiếp báo cáo trước', en: 'Chained to the previous report' },
  file: { vi: 'Tệp đúng như bản kê đã ký', en: 'The file is exactly what the signed manifest says' },
  entries: { vi: 'Các giao dịch đã ký', en: 'The signed entries' },
  root: { vi: 'Gốc cây Merkle tính lại từ các giao dịch', en: 'The Merkle root, recomputed from the entries' },
  consistency: { vi: 'Báo cáo này chỉ nối thêm vào báo cáo trước, không sửa giao dịch nào', en: 'This report only appends to the previous one; no entry was changed' },
  derived: { vi: 'Các tệp CSV và chỉ mục dựng lại đúng từng byte từ các giao dịch', en: 'The CSVs and indexes re-render byte for byte from the entries' },
  summary: { vi: 'Tổng theo quỹ, phường, xã và ngày tính lại từ các giao dịch', en: 'The totals per fund, ward and day, summed again from the entries' },
  'open-data': { vi: 'Dữ liệu mở (IATI, 360Giving) dựng lại từ các giao dịch', en: 'The open data (IATI, 360Giving), re-rendered from the entries' },
  html: { vi: 'Trang báo cáo (report.html) dựng lại từ bản tổng hợp đã kiểm', en: 'The report page (report.html), re-rendered from the checked summary' },
  names: { vi: 'Tên nhà hảo tâm đúng với cam kết đã ký, hoặc đã rút', en: 'Donors’ names match the signed commitments, or were withdrawn' },
  error: { vi: 'Không kiểm chứng hết được', en: 'The verification could not finish' },
};

/** One check of the shared verifier, as the page lists it (a file check is one per file). */
export function reportCheck(check: VerifierCheck): Check {
  const label = CHECK_LABELS[check.name] ?? CHECK_LABELS.error!;
  const where = check.file ? ` (${check.file})` : '';
  return {
    id: check.name === 'file' && check.file ? `file:${check.file}` : check.name,
    ok: check.ok,
    vi: `${label.vi}${where}: ${check.detail}`,
    en: `${label.en}${where}: ${check.detail}`,
    ...(check.file && !check.ok ? { file: check.file } : {}),
  };
}
