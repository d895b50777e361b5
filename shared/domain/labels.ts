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
  DISBURSEMENT_EVIDENCE_ADDED: { vi: 'Lưu chứng từ chi', en: 'Disbursement evidence filed' },
  STATEMENT_LINE_MATCHED: { vi: 'Đối chiếu sao kê', en: 'Statement line matched' },
  STATEMENT_LINE_IGNORED: { vi: 'Bỏ qua dòng sao kê', en: 'Statement line ignored' },
  FUND_CREATED: { vi: 'Lập quỹ', en: 'Fund created' },
  FUND_UPDATED: { vi: 'Sửa thông tin quỹ', en: 'Fund edited' },
  FUND_OPENED: { vi: 'Mở quỹ', en: 'Fund opened' },
  FUND_RECEIVING_CLOSED: { vi: 'Kết thúc tiếp nhận', en: 'Receiving closed' },
  FUND_CLOSED: { vi: 'Đóng quỹ', en: 'Fund closed' },
  FLAG_RAISED: { vi: 'Báo sai sót', en: 'Flagged' },
  FLAG_ANSWERED: { vi: 'Trả lời', en: 'Answered' },
  FLAG_RELEASED: { vi: 'Duyệt', en: 'Released' },
  FLAG_REJECTED: { vi: 'Ẩn', en: 'Hidden' },
  PLEDGE_NAME_RELEASED: { vi: 'Duyệt tên', en: 'Name released' },
  PLEDGE_NAME_REJECTED: { vi: 'Ẩn tên', en: 'Name hidden' },
  PLAN_SET: { vi: 'Lập kế hoạch phân bổ', en: 'Allocation planned' },
  PLAN_OVERRIDDEN: { vi: 'Duyệt vượt kế hoạch', en: 'Plan overridden' },
  GOODS_RECEIVED: { vi: 'Tiếp nhận hiện vật', en: 'Goods received' },
  GOODS_HANDED_OVER: { vi: 'Bàn giao hiện vật', en: 'Goods handed over' },
  STATEMENT_LINES_COUNTED: { vi: 'Ghi nhận tiền vào từ sao kê', en: 'Statement credits recorded' },
  STATEMENT_LINE_COUNTED: { vi: 'Tính dòng sao kê bị giữ', en: 'Held statement line counted' },
  STATEMENT_LINE_DISCARDED: { vi: 'Loại dòng sao kê', en: 'Statement line discarded' },
  STATEMENT_MAPPING_SAVED: { vi: 'Lưu cách đọc sao kê', en: 'Statement column mapping saved' },
  NAME_WITHDRAWN: { vi: 'Rút tên khỏi công bố', en: 'Name withdrawn from publication' },
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

/**
 * Who did something, by the kind of actor the journal records (`staff:<user>`, `org:<id>`,
 * `public`, `bank:<statementId>`): people read the kind, and for staff their name, never an id.
 */
export const ACTOR_KIND_LABELS: Readonly<Record<string, Label>> = {
  staff: { vi: 'Cán bộ', en: 'Staff' },
  org: { vi: 'Tổ chức (khóa API)', en: 'Organisation (API key)' },
  public: { vi: 'Người ủng hộ, qua cổng công khai', en: 'Donor, through the public portal' },
  bank: { vi: 'Sao kê ngân hàng (tự động)', en: 'Bank statement (automatic)' },
  system: { vi: 'Hệ thống', en: 'System' },
};

/** The kind of an actor string (`staff`, `org`, `public`, `bank`…) and, for staff only, the person's name. */
export function actorParts(actor: string): { kind: string; name?: string } {
  const colon = actor.indexOf(':');
  const kind = colon < 0 ? actor : actor.slice(0, colon);
  return kind === 'staff' && colon > 0 ? { kind, name: actor.slice(colon + 1) } : { kind };
}

/** The fields of a journal entry's published details, as the audit trail names them. */
export const DETAIL_LABELS: Readonly<Record<string, Label>> = {
  donor: { vi: 'Người ủng hộ', en: 'Donor' },
  donorType: { vi: 'Loại người ủng hộ', en: 'Donor type' },
  method: { vi: 'Hình thức', en: 'Method' },
  pledgeRef: { vi: 'Mã cam kết', en: 'Pledge code' },
  disbursementRef: { vi: 'Mã giải ngân', en: 'Disbursement code' },
  receiptId: { vi: 'Mã khoản thu', en: 'Receipt id' },
  reason: { vi: 'Lý do', en: 'Reason' },
  wardCode: { vi: 'Mã xã/phường', en: 'Commune/ward code' },
  wardName: { vi: 'Xã/phường', en: 'Commune/ward' },
  organisation: { vi: 'Tổ chức nhận', en: 'Receiving organisation' },
  purpose: { vi: 'Mục đích', en: 'Purpose' },
  amount: { vi: 'Số tiền', en: 'Amount' },
  statementId: { vi: 'Sao kê', en: 'Statement' },
  lineNo: { vi: 'Dòng sao kê', en: 'Statement line' },
  direction: { vi: 'Chiều', en: 'Direction' },
  valueDate: { vi: 'Ngày giá trị', en: 'Value date' },
  decision: { vi: 'Cách khớp', en: 'Matched' },
  bankRef: { vi: 'Mã giao dịch ngân hàng', en: 'Bank reference' },
  confirmedBy: { vi: 'Đơn vị xác nhận', en: 'Confirmed by' },
  note: { vi: 'Ghi chú', en: 'Note' },
  paidAt: { vi: 'Thời điểm chuyển', en: 'Paid at' },
};

/** Coded values of those fields. */
export const DETAIL_VALUE_LABELS: Readonly<Record<string, Readonly<Record<string, Label>>>> = {
  donorType: { individual: { vi: 'Cá nhân', en: 'Individual' }, organisation: { vi: 'Tổ chức', en: 'Organisation' } },
  method: { bank: { vi: 'Chuyển khoản', en: 'Bank transfer' }, cash: { vi: 'Tiền mặt', en: 'Cash' } },
  direction: { CREDIT: { vi: 'Tiền vào', en: 'Money in' }, DEBIT: { vi: 'Tiền ra', en: 'Money out' } },
  decision: { auto: { vi: 'Tự động', en: 'Automatically' }, manual: { vi: 'Bằng tay', en: 'By hand' } },
};

/**
 * What each problem `code` of the API means, for people (DESIGN §8): the web shows these, never
 * the raw `title` or `detail`. A code not listed here falls back to its HTTP status's text.
 */
export const ERROR_LABELS: Readonly<Record<string, Label>> = {
  'validation-error': { vi: 'Dữ liệu gửi lên chưa hợp lệ.', en: 'Some of the data sent is not valid.' },
  unauthorized: { vi: 'Bạn cần đăng nhập lại.', en: 'Please sign in again.' },
  forbidden: { vi: 'Bạn không có quyền làm việc này.', en: 'You are not allowed to do this.' },
  'self-approval': {
    vi: 'Bạn là người lập đề nghị này nên không thể tự phê duyệt: một người phê duyệt khác phải duyệt.',
    en: 'You requested this, so you cannot approve it: another approver must.',
  },
  'contact-mismatch': {
    vi: 'Email hoặc số điện thoại không khớp với thông tin đã ghi khi đăng ký mã này. Chưa có gì thay đổi.',
    en: 'The e-mail or phone does not match the one given with this code. Nothing was changed.',
  },
  'not-found': { vi: 'Không tìm thấy.', en: 'Not found.' },
  'route-not-found': { vi: 'Không có trang hoặc chức năng này.', en: 'There is no such page or function.' },
  'method-not-allowed': { vi: 'Chức năng này không nhận thao tác đó.', en: 'This function does not take that action.' },
  'idempotency-key-reused': {
    vi: 'Yêu cầu này trùng mã với một yêu cầu khác đã gửi. Hãy tải lại trang rồi thử lại.',
    en: 'This request reuses the key of a different one. Reload the page and try again.',
  },
  conflict: { vi: 'Không thực hiện được ở trạng thái hiện tại.', en: 'This cannot be done in the current state.' },
  'concurrent-modification': {
    vi: 'Người khác vừa thay đổi mục này. Hãy tải lại rồi thử lại.',
    en: 'Someone else just changed this. Reload and try again.',
  },
  'payload-too-large': { vi: 'Dữ liệu gửi lên quá lớn.', en: 'What was sent is too large.' },
  'upload-too-large': { vi: 'Tệp vượt quá giới hạn cho phép.', en: 'The file is over one of the upload limits.' },
  'unsupported-media-type': { vi: 'Định dạng tệp không được hỗ trợ.', en: 'This file type is not supported.' },
  unprocessable: { vi: 'Yêu cầu hợp lệ nhưng không thể thực hiện.', en: 'The request is valid but cannot be carried out.' },
  'fund-closed': { vi: 'Quỹ đã đóng, không nhận thêm giao dịch.', en: 'The fund is closed to new transactions.' },
  'too-many-requests': { vi: 'Bạn đã gửi quá nhiều yêu cầu trong ít phút.', en: 'Too many requests in a few minutes.' },
  'service-unavailable': { vi: 'Hệ thống đang bận.', en: 'The service is busy.' },
  'internal-error': { vi: 'Đã có lỗi hệ thống. Vui lòng thử lại sau.', en: 'Something went wrong. Please try again later.' },
  network: { vi: 'Không kết nối được máy chủ. Vui lòng thử lại.', en: 'Could not reach the server. Please try again.' },
};

/** Request fields as forms name them, for a problem's `errors[].path` (`body.donor.name` → its last part). */
export const FIELD_LABELS: Readonly<Record<string, Label>> = {
  ...DETAIL_LABELS,
  fundId: { vi: 'Quỹ', en: 'Fund' },
  name: { vi: 'Tên', en: 'Name' },
  email: { vi: 'Email', en: 'Email' },
  phone: { vi: 'Số điện thoại', en: 'Phone' },
  taxCode: { vi: 'Mã số thuế', en: 'Tax code' },
  message: { vi: 'Lời nhắn', en: 'Message' },
  receivedAt: { vi: 'Thời điểm nhận', en: 'Received at' },
  beneficiary: { vi: 'Nơi nhận', en: 'Recipient' },
  cursor: { vi: 'Trang', en: 'Page' },
};

/** What a leaf of a format-3 report shows of its donor (DESIGN §7): the name is shown as it is. */
export const LEAF_NAME_LABELS: Readonly<Record<'withdrawn' | 'anonymous', Label>> = {
  withdrawn: { vi: 'Đã rút tên', en: 'name withdrawn' },
  anonymous: { vi: 'Nhà hảo tâm', en: 'anonymous' },
};

export const RECEIPT_STATUS_LABELS: Readonly<Record<'RECORDED' | 'REVERSED', Label>> = {
  RECORDED: { vi: 'Đã ghi nhận', en: 'Recorded' },
  REVERSED: { vi: 'Đã đảo', en: 'Reversed' },
};

/** Staff roles (the `cognito:groups` of a token), as the console names them. */
export const ROLE_LABELS: Readonly<Record<string, Label>> = {
  'finance-clerk': { vi: 'Kế toán', en: 'Finance clerk' },
  'finance-approver': { vi: 'Chủ tài khoản (phê duyệt)', en: 'Approver' },
  auditor: { vi: 'Kiểm soát, giám sát', en: 'Auditor' },
  admin: { vi: 'Quản trị', en: 'Administrator' },
};
