/** Names of journal entry types, for people. */
import { L } from './i18n';

export const ENTRY_LABELS: Record<string, [string, string]> = {
  PLEDGE_MADE: ['Đăng ký ủng hộ', 'Pledge made'],
  PLEDGE_CANCELLED: ['Hủy cam kết', 'Pledge cancelled'],
  RECEIPT_RECORDED: ['Ghi nhận khoản thu', 'Receipt recorded'],
  RECEIPT_REVERSED: ['Đảo khoản thu', 'Receipt reversed'],
  DISBURSEMENT_REQUESTED: ['Lập đề nghị giải ngân', 'Disbursement requested'],
  DISBURSEMENT_APPROVED: ['Phê duyệt', 'Approved'],
  DISBURSEMENT_REJECTED: ['Từ chối', 'Rejected'],
  DISBURSEMENT_PAID: ['Đã chuyển tiền', 'Paid'],
  DISBURSEMENT_CONFIRMED: ['Đơn vị xác nhận đã nhận', 'Receipt confirmed'],
  DISBURSEMENT_CANCELLED: ['Hủy giải ngân', 'Cancelled'],
  STATEMENT_LINE_MATCHED: ['Khớp dòng sao kê', 'Statement line matched'],
  STATEMENT_LINE_IGNORED: ['Bỏ qua dòng sao kê', 'Statement line ignored'],
};

export function entryLabel(type: string): string {
  const label = ENTRY_LABELS[type];
  return label ? L(label[0], label[1]) : type;
}

