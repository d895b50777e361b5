/**
 * Money out, under maker-checker control: a clerk requests, a different person approves,
 * a clerk records the payment, the receiving ward confirms. Each state moves once.
 */
import { ConflictError, ForbiddenError } from '../errors';
import { formatVnd, formatVndEnglish } from './format';

export type DisbursementStatus = 'REQUESTED' | 'APPROVED' | 'PAID' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED';
export type DisbursementAction = 'approve' | 'reject' | 'pay' | 'confirm' | 'cancel';

export type Beneficiary = { wardCode: string; wardName?: string; provinceCode?: string } | { organisation: { name: string; taxCode: string } };

/** A clerk's request for money out (the API's RequestDisbursement body, already validated). */
export interface RequestDisbursementInput {
  fundId: string;
  beneficiary: { wardCode: string } | { organisation: { name: string; taxCode: string } };
  amount: number;
  purpose: string;
}

export interface Disbursement {
  id: string;
  ref: string;
  fundId: string;
  beneficiary: Beneficiary;
  amount: number;
  purpose: string;
  status: DisbursementStatus;
  requestedBy: string;
  requestedAt: string;
  approvedBy?: string;
  approvedAt?: string;
  rejectedBy?: string;
  rejectionReason?: string;
  paidBy?: string;
  paidAt?: string;
  bankRef?: string;
  confirmedBy?: string;
  confirmedAt?: string;
  confirmationNote?: string;
  cancelledBy?: string;
  cancelledAt?: string;
  /** The request goes beyond what remains of the ward's plan: approving it needs an explicit override. */
  beyondPlan?: { planned: number; committed: number; excess: number };
  /** The approver's override of the plan, with the reason (journaled as PLAN_OVERRIDDEN). */
  planOverride?: { by: string; at: string; reason: string; excess: number };
  /** At most one file: the first upload wins, and its SHA-256 is journaled and published. */
  evidence: EvidenceFile[];
  version: number;
}

export interface EvidenceFile {
  key: string;
  fileName: string;
  contentType: string;
  /** Hex SHA-256 of the file's bytes; the presigned upload makes S3 refuse any other content. Absent on files kept before it was taken. */
  sha256?: string;
  addedBy: string;
  addedAt: string;
}

const TRANSITIONS: Record<DisbursementAction, { from: DisbursementStatus[]; to: DisbursementStatus }> = {
  approve: { from: ['REQUESTED'], to: 'APPROVED' },
  reject: { from: ['REQUESTED'], to: 'REJECTED' },
  pay: { from: ['APPROVED'], to: 'PAID' },
  confirm: { from: ['PAID'], to: 'CONFIRMED' },
  cancel: { from: ['REQUESTED', 'APPROVED'], to: 'CANCELLED' },
};

export function transition(disbursement: Disbursement, action: DisbursementAction, actor: string): DisbursementStatus {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(disbursement.status)) {
    throw new ConflictError(
      `Không thể ${action} khoản chi ${disbursement.ref} đang ở trạng thái ${disbursement.status} / Cannot ${action} disbursement ${disbursement.ref}: it is ${disbursement.status}`,
      disbursement.status,
    );
  }
  // Maker-checker both ways: the requester neither approves nor rejects their own request.
  if ((action === 'approve' || action === 'reject') && disbursement.requestedBy === actor) {
    const [vi, en] = action === 'approve' ? ['phê duyệt', 'approve'] : ['từ chối', 'reject'];
    throw new ForbiddenError(`Người lập đề nghị không được tự ${vi} / The requester of ${disbursement.ref} cannot ${en} it: another approver must`, { code: 'self-approval' });
  }
  if (action === 'confirm' && disbursement.paidBy === actor) {
    throw new ForbiddenError(
      `Người ghi nhận chuyển tiền không được tự xác nhận đã nhận / Whoever recorded the payment of ${disbursement.ref} cannot confirm its receipt: the receiving ward must`,
      { code: 'self-confirmation' },
    );
  }
  return rule.to;
}

export function bankRefUsedMessage(bankRef: string, account: string, firstRef: string): string {
  return `Giao dịch ${bankRef} trên tài khoản ${account} đã dùng để chi ${firstRef} / Bank reference ${bankRef} on account ${account} already paid disbursement ${firstRef}`;
}

export function wardOf(beneficiary: Beneficiary): string | undefined {
  return 'wardCode' in beneficiary ? beneficiary.wardCode : undefined;
}

const both = (amount: number) => ({ vi: formatVnd(amount), en: formatVndEnglish(amount) });

/** The request is more than the fund can pay now: what is asked, what is available, the shortfall; Vietnamese first. */
export function shortfallMessage(amount: number, available: number): string {
  const [asked, have, short] = [both(amount), both(Math.max(0, available)), both(amount - Math.max(0, available))];
  return (
    `Số dư khả dụng của quỹ là ${have.vi}, không đủ cho khoản chi ${asked.vi} (thiếu ${short.vi}). ` +
    `/ The fund has ${have.en} available, ${short.en} short of the ${asked.en} asked for.`
  );
}

/** What an approver can do when the money ran out after the request was made: the console offers both. */
export function approvalShortfallMessage(ref: string, amount: number, available: number): string {
  const [asked, have, short] = [both(amount), both(Math.max(0, available)), both(amount - Math.max(0, available))];
  return (
    `Chưa thể duyệt ${ref}: số dư khả dụng ${have.vi}, thiếu ${short.vi} so với ${asked.vi}. Hãy từ chối đề nghị, hoặc duyệt lại khi quỹ nhận thêm tiền. ` +
    `/ Cannot approve ${ref} yet: ${have.en} is available, ${short.en} short of ${asked.en}. Reject the request, or approve it once more money has arrived.`
  );
}

/** A request beyond the ward's plan; approving it needs an override with a reason. */
export function beyondPlanMessage(ref: string, wardName: string, position: { planned: number; committed: number; excess: number }): string {
  const [planned, committed, excess] = [both(position.planned), both(position.committed), both(position.excess)];
  return (
    `${ref} vượt kế hoạch của ${wardName} ${excess.vi} (kế hoạch ${planned.vi}, đã cam kết chi ${committed.vi}). Duyệt vượt kế hoạch cần ghi rõ lý do, hoặc từ chối đề nghị. ` +
    `/ ${ref} goes ${excess.en} beyond the plan for ${wardName} (planned ${planned.en}, committed ${committed.en}). Approve it beyond the plan with a reason, or reject it.`
  );
}
