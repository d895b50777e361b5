/**
 * The ledger's codes as people read them, Vietnamese and English: journal entry types, the totals'
 * buckets, the statuses of pledges and disbursements. The one table that the reports (CSV and
 * HTML) and the web app print; the statement import's own codes (statuses, the matcher's reasons)
 * are named beside it in statements/labels.ts, so the portal's first load carries only these.
 *
 * Reports are signed, and a verifier re-renders their CSV from the signed entries: the Vietnamese
 * entry-type and bucket names are part of every published night (report format sovang-report/1).
 * Rewording one changes the bytes of nights already published, so it needs a new report format.
 */
import type { DisbursementStatus } from './disbursements';
import type { JournalEntryType, Totals } from './journal';
import type { PledgeStatus } from './pledges';

export interface Label {
  vi: string;
  en: string;
}

export const ENTRY_TYPE_LABELS: Readonly<Record<JournalEntryType, Label>> = {
  PLEDGE_MADE: { vi: 'Đăng ký ủng hộ', en: 'Pledge made' },
  PLEDGE_CANCELLED: { vi: 'Hủy đăng ký ủng hộ', en: 'Pledge cancelled' },
  RECEIPT_RECORDED: { vi: 'Ghi nhận tiền vào', en: 'Receipt recorded' },
  RECEIPT_REVERSED: { vi: 'Hủy ghi nhận tiền vào', en: 'Receipt reversed' },
  DISBURSEMENT_REQUESTED: { vi: 'Đề nghị chi', en: 'Disbursement requested' },
  DISBURSEMENT_APPROVED: { vi: 'Duyệt chi', en: 'Disbursement approved' },
  DISBURSEMENT_REJECTED: { vi: 'Từ chối chi', en: 'Disbursement rejected' },
  DISBURSEMENT_PAID: { vi: 'Đã chi', en: 'Disbursement paid' },
  DISBURSEMENT_CONFIRMED: { vi: 'Xác nhận đã nhận', en: 'Disbursement confirmed' },
  DISBURSEMENT_CANCELLED: { vi: 'Hủy chi', en: 'Disbursement cancelled' },
  STATEMENT_LINE_MATCHED: { vi: 'Đối chiếu sao kê', en: 'Statement line matched' },
  STATEMENT_LINE_IGNORED: { vi: 'Bỏ qua dòng sao kê', en: 'Statement line ignored' },
  STATEMENT_LINES_COUNTED: { vi: 'Ghi nhận tiền vào từ sao kê', en: 'Statement credits recorded' },
  STATEMENT_LINE_COUNTED: { vi: 'Tính dòng sao kê bị giữ', en: 'Held statement line counted' },
  STATEMENT_LINE_DISCARDED: { vi: 'Loại dòng sao kê', en: 'Statement line discarded' },
  STATEMENT_MAPPING_SAVED: { vi: 'Lưu cách đọc sao kê', en: 'Statement column mapping saved' },
};

export type BucketName = keyof Pick<Totals, 'pledged' | 'received' | 'approved' | 'disbursed' | 'balance' | 'available'>;

/** The totals' money buckets, in the order reports show them. */
export const BUCKET_LABELS: Readonly<Record<BucketName, Label>> = {
  pledged: { vi: 'Cam kết', en: 'Pledged' },
  received: { vi: 'Đã nhận', en: 'Received' },
  approved: { vi: 'Đã duyệt, chưa chi', en: 'Approved, not paid' },
  disbursed: { vi: 'Đã chi', en: 'Disbursed' },
  balance: { vi: 'Số dư', en: 'Balance' },
  available: { vi: 'Còn có thể chi', en: 'Available' },
};

export const PLEDGE_STATUS_LABELS: Readonly<Record<PledgeStatus, Label>> = {
  PLEDGED: { vi: 'Đã đăng ký, chưa nhận tiền', en: 'Pledged, not received yet' },
  PARTIALLY_RECEIVED: { vi: 'Đã nhận một phần', en: 'Partly received' },
  FULFILLED: { vi: 'Đã nhận đủ', en: 'Received in full' },
  CANCELLED: { vi: 'Đã hủy', en: 'Cancelled' },
};

export const DISBURSEMENT_STATUS_LABELS: Readonly<Record<DisbursementStatus, Label>> = {
  REQUESTED: { vi: 'Chờ phê duyệt', en: 'Awaiting approval' },
  APPROVED: { vi: 'Đã duyệt, chờ chuyển', en: 'Approved, to be paid' },
  PAID: { vi: 'Đã chuyển tiền', en: 'Paid' },
  CONFIRMED: { vi: 'Đơn vị đã xác nhận nhận', en: 'Confirmed by the recipient' },
  REJECTED: { vi: 'Bị từ chối', en: 'Rejected' },
  CANCELLED: { vi: 'Đã hủy', en: 'Cancelled' },
};

/** A code's label from one of the tables, or the code itself for one it does not know (a newer server's). */
export function labelOf(table: Readonly<Record<string, Label>>, code: string): Label {
  return Object.prototype.hasOwnProperty.call(table, code) ? table[code]! : { vi: code, en: code };
}

/** `labelOf` for journal entry types. */
export function entryTypeLabel(type: string): Label {
  return labelOf(ENTRY_TYPE_LABELS, type);
}
