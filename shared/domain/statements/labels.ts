/**
 * The statement import's codes as people read them, Vietnamese and English: the statuses of a
 * statement and of its lines, why a line waits for a person, how a payment compares with its
 * pledge. Part of the label table in ../labels.ts, kept apart because only the console shows them.
 */
import type { Label } from '../labels';
import type { AmountCheck } from './match';
import type { HeldReason, LineClass, LineFlag, StatementStatus, StoredLineStatus } from './statement';
import type { OtherRowKind } from './types';

export const STATEMENT_STATUS_LABELS: Readonly<Record<StatementStatus, Label>> = {
  AWAITING_UPLOAD: { vi: 'Chờ tệp', en: 'Awaiting the file' },
  QUEUED: { vi: 'Chờ nhập', en: 'Queued' },
  IMPORTING: { vi: 'Đang nhập', en: 'Importing' },
  COMPLETED: { vi: 'Đã nhập xong', en: 'Imported' },
  FAILED: { vi: 'Tệp bị từ chối', en: 'File rejected' },
};

export const LINE_STATUS_LABELS: Readonly<Record<StoredLineStatus, Label>> = {
  MATCHED: { vi: 'Đã khớp', en: 'Matched' },
  UNMATCHED: { vi: 'Chưa khớp', en: 'Unmatched' },
  FLAGGED: { vi: 'Cần xem lại', en: 'To review' },
  IGNORED: { vi: 'Đã bỏ qua', en: 'Set aside' },
};

/** Why a statement line waits for a person. */
export const LINE_FLAG_LABELS: Readonly<Record<LineFlag, Label>> = {
  UNKNOWN_CODE: { vi: 'mã không có trong sổ', en: 'a code the ledger does not have' },
  NEAR_MISS: { vi: 'mã sai ký tự kiểm tra', en: 'a code whose check character fails' },
  UNKNOWN_DEBIT: { vi: 'khoản chi không rõ (vd: phí ngân hàng)', en: 'money out nothing explains (a bank fee?)' },
  MULTIPLE_CODES: { vi: 'nhiều mã trên một dòng', en: 'several codes on one line' },
  WRONG_DIRECTION: { vi: 'mã không đúng chiều tiền', en: 'a code on money moving the other way' },
  AMOUNT_MISMATCH: { vi: 'số tiền khác khoản chi', en: 'the amount differs from the disbursement' },
  ALREADY_PAID: { vi: 'khoản chi đã được chuyển', en: 'the disbursement is already paid' },
  PLEDGE_CANCELLED: { vi: 'cam kết đã hủy', en: 'the pledge is cancelled' },
  DISBURSEMENT_NOT_PAYABLE: { vi: 'khoản chi chưa được duyệt', en: 'the disbursement is not approved' },
  PAYOUT_REF_USED: { vi: 'mã giao dịch đã dùng cho khoản chi khác', en: 'the bank reference already paid another disbursement' },
};

/** The class every row of a statement is in (DESIGN §9.1). */
export const LINE_CLASS_LABELS: Readonly<Record<LineClass, Label>> = {
  COUNTED: { vi: 'Đã tính', en: 'Counted' },
  HELD: { vi: 'Tạm giữ', en: 'Held' },
  DUPLICATE: { vi: 'Trùng', en: 'Duplicate' },
  NOT_TRANSACTION: { vi: 'Không phải giao dịch', en: 'Not a transaction' },
};

/** Why a line is held for a clerk. */
export const HELD_REASON_LABELS: Readonly<Record<HeldReason, Label>> = {
  POSSIBLE_DUPLICATE: { vi: 'có thể trùng', en: 'possible duplicate' },
  INFERRED_AMOUNT: { vi: 'số tiền suy ra từ số dư', en: 'amount inferred from the balance' },
  UNREADABLE: { vi: 'dòng không đọc được', en: 'the row cannot be read' },
};

/** The rows that are not transactions. */
export const OTHER_ROW_LABELS: Readonly<Record<OtherRowKind, Label>> = {
  TITLE: { vi: 'dòng tiêu đề', en: 'title row' },
  HEADER: { vi: 'dòng tên cột', en: 'header' },
  FOOTER: { vi: 'dòng tổng cộng / số dư cuối', en: 'totals or closing row' },
  BLANK: { vi: 'dòng trống', en: 'blank row' },
};

/** How a matched credit compares with what its pledge still expected; an exact payment needs no note. */
export const AMOUNT_CHECK_LABELS: Readonly<Record<Exclude<AmountCheck, 'EXACT'>, Label>> = {
  PARTIAL: { vi: 'nhận một phần', en: 'part payment' },
  OVERPAID: { vi: 'nộp thừa', en: 'overpaid' },
};
