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
import type { FundKind, FundStatus } from './funds';
import type { GoodsUnit } from './goods';
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
  FUND_CREATED: { vi: 'Lập quỹ', en: 'Fund created' },
  FUND_UPDATED: { vi: 'Sửa thông tin quỹ', en: 'Fund edited' },
  FUND_OPENED: { vi: 'Mở quỹ', en: 'Fund opened' },
  FUND_RECEIVING_CLOSED: { vi: 'Kết thúc tiếp nhận', en: 'Receiving closed' },
  FUND_CLOSED: { vi: 'Đóng quỹ', en: 'Fund closed' },
  PLAN_SET: { vi: 'Lập kế hoạch phân bổ', en: 'Allocation planned' },
  PLAN_OVERRIDDEN: { vi: 'Duyệt vượt kế hoạch', en: 'Plan overridden' },
  GOODS_RECEIVED: { vi: 'Tiếp nhận hiện vật', en: 'Goods received' },
  GOODS_HANDED_OVER: { vi: 'Bàn giao hiện vật', en: 'Goods handed over' },
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

export type PlanBucketName = keyof Pick<Totals, 'planned' | 'disbursed' | 'confirmed'>;

/** Plan against what happened, per ward, in the order the portal and the report show them. */
export const PLAN_BUCKET_LABELS: Readonly<Record<PlanBucketName, Label>> = {
  planned: { vi: 'Kế hoạch', en: 'Planned' },
  disbursed: { vi: 'Đã chi', en: 'Disbursed' },
  confirmed: { vi: 'Đã xác nhận nhận', en: 'Confirmed' },
};

export type GoodsBucketName = keyof Pick<Totals, 'goodsReceived' | 'goodsHandedOver'>;

export const GOODS_BUCKET_LABELS: Readonly<Record<GoodsBucketName, Label>> = {
  goodsReceived: { vi: 'Hiện vật đã nhận (giá trị ước tính)', en: 'Goods received (estimated value)' },
  goodsHandedOver: { vi: 'Hiện vật đã bàn giao (giá trị ước tính)', en: 'Goods handed over (estimated value)' },
};

export const FUND_STATUS_LABELS: Readonly<Record<FundStatus, Label>> = {
  DRAFT: { vi: 'Bản nháp', en: 'Draft' },
  OPEN: { vi: 'Đang vận động', en: 'Open' },
  RECEIVING_CLOSED: { vi: 'Đã kết thúc tiếp nhận, đang phân bổ', en: 'Receiving closed, distributing' },
  CLOSED: { vi: 'Đã đóng', en: 'Closed' },
};

export const FUND_KIND_LABELS: Readonly<Record<FundKind, Label>> = {
  money: { vi: 'Tiền', en: 'Money' },
  goods: { vi: 'Hiện vật', en: 'Goods' },
  both: { vi: 'Tiền và hiện vật', en: 'Money and goods' },
};

export const GOODS_UNIT_LABELS: Readonly<Record<GoodsUnit, Label>> = {
  kg: { vi: 'kg', en: 'kg' },
  tan: { vi: 'tấn', en: 'tonne' },
  thung: { vi: 'thùng', en: 'carton' },
  bao: { vi: 'bao', en: 'sack' },
  hop: { vi: 'hộp', en: 'box' },
  goi: { vi: 'gói', en: 'pack' },
  chai: { vi: 'chai', en: 'bottle' },
  lit: { vi: 'lít', en: 'litre' },
  cai: { vi: 'cái', en: 'piece' },
  bo: { vi: 'bộ', en: 'set' },
  suat: { vi: 'suất', en: 'parcel' },
  tui: { vi: 'túi', en: 'bag' },
  chiec: { vi: 'chiếc', en: 'item' },
  met: { vi: 'mét', en: 'metre' },
  cuon: { vi: 'cuộn', en: 'roll' },
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
