/**
 * Money out, under maker-checker control: a clerk requests, a different person approves,
 * a clerk records the payment, the receiving ward confirms. Each state moves once.
 */
import { ConflictError, ForbiddenError } from '../errors';

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
  evidence: { key: string; fileName: string; contentType: string; addedBy: string; addedAt: string }[];
  version: number;
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
  if (action === 'approve' && disbursement.requestedBy === actor) {
    throw new ForbiddenError(
      `Người lập đề nghị không được tự phê duyệt / The requester of ${disbursement.ref} cannot approve it: another approver must`,
      { code: 'self-approval' },
    );
  }
  return rule.to;
}

export function wardOf(beneficiary: Beneficiary): string | undefined {
  return 'wardCode' in beneficiary ? beneficiary.wardCode : undefined;
}
