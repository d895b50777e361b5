/**
 * Money in and out, for staff: receipts, disbursements under maker-checker control, and the
 * journal that records every step.
 */
import type * as z from 'zod';
import { FundParams, ReasonBody } from '../schemas/common';
import {
  ApproveBody,
  AuditTrail,
  ConfirmBody,
  Disbursement,
  DisbursementPage,
  DisbursementParams,
  EmptyBody,
  EntityRefParams,
  EvidenceAdded,
  EvidenceBody,
  IdParams,
  JournalPage,
  JournalQuery,
  ListDisbursementsQuery,
  PayBody,
  Receipt,
  RecordReceiptBody,
  RequestDisbursementBody,
} from '../schemas/ledger';
import { ADMIN, APPROVER, AUDITOR, CLERK, route, staff, type LocalizedSummary, type Role, type RouteArea, type RouteTag } from './route';

export const LEDGER_TAG: RouteTag = {
  name: 'Ledger',
  description: 'Thu, chi (người lập, người duyệt) và nhật ký quỹ, cho cán bộ / Receipts, disbursements under maker-checker control, and the journal, for staff',
};
const tag = LEDGER_TAG.name;

export const RecordReceipt = route({
  id: 'RecordReceipt',
  method: 'POST',
  path: '/v1/receipts',
  entry: 'functions/receipts/record.ts',
  access: staff(CLERK),
  tag,
  summary: { vi: 'Ghi nhận khoản thu', en: 'Record a receipt' },
  idempotent: true,
  schemas: { body: RecordReceiptBody, response: Receipt, responseStatus: 201 },
});

export const GetReceipt = route({
  id: 'GetReceipt',
  method: 'GET',
  path: '/v1/receipts/{id}',
  entry: 'functions/receipts/get.ts',
  access: staff(CLERK, APPROVER, AUDITOR),
  tag,
  summary: { vi: 'Xem khoản thu', en: 'Get a receipt' },
  schemas: { params: IdParams, response: Receipt },
});

export const ReverseReceipt = route({
  id: 'ReverseReceipt',
  method: 'POST',
  path: '/v1/receipts/{id}/reverse',
  entry: 'functions/receipts/reverse.ts',
  access: staff(APPROVER),
  tag,
  summary: { vi: 'Đảo (hủy) khoản thu bằng bút toán đảo', en: 'Reverse a receipt with a reversing entry' },
  idempotent: true,
  schemas: { params: IdParams, body: ReasonBody, response: Receipt },
});

export const RequestDisbursement = route({
  id: 'RequestDisbursement',
  method: 'POST',
  path: '/v1/disbursements',
  entry: 'functions/disbursements/request.ts',
  access: staff(CLERK),
  tag,
  summary: { vi: 'Lập đề nghị giải ngân', en: 'Request a disbursement' },
  idempotent: true,
  schemas: { body: RequestDisbursementBody, response: Disbursement, responseStatus: 201 },
});

export const GetDisbursement = route({
  id: 'GetDisbursement',
  method: 'GET',
  path: '/v1/disbursements/{id}',
  entry: 'functions/disbursements/get.ts',
  access: staff(CLERK, APPROVER, AUDITOR, ADMIN),
  tag,
  summary: { vi: 'Xem khoản giải ngân', en: 'Get a disbursement' },
  schemas: { params: DisbursementParams, response: Disbursement },
});

export const ListDisbursements = route({
  id: 'ListDisbursements',
  method: 'GET',
  path: '/v1/disbursements',
  entry: 'functions/disbursements/list.ts',
  access: staff(CLERK, APPROVER, AUDITOR, ADMIN),
  tag,
  summary: { vi: 'Các khoản giải ngân theo trạng thái, của một quỹ hoặc mọi quỹ (mới nhất trước)', en: 'Disbursements by status, of one fund or of every fund the caller may act on, newest first' },
  schemas: { query: ListDisbursementsQuery, response: DisbursementPage },
});

/** The five transitions of a disbursement share a shape: the action, who may take it, and its body. */
function disbursementAction<B extends z.ZodType>(action: string, summary: LocalizedSummary, roles: Role[], body: B) {
  return route({
    id: `${action[0]!.toUpperCase()}${action.slice(1)}Disbursement`,
    method: 'POST',
    path: `/v1/disbursements/{id}/${action}`,
    entry: `functions/disbursements/${action}.ts`,
    access: staff(...roles),
    tag,
    summary,
    idempotent: true,
    schemas: { params: DisbursementParams, body, response: Disbursement },
  });
}

export const ApproveDisbursement = disbursementAction(
  'approve',
  { vi: 'Phê duyệt giải ngân', en: 'Approve a disbursement (not your own request); beyond the ward’s plan only with overridePlan and a reason' },
  [APPROVER],
  ApproveBody,
);
export const RejectDisbursement = disbursementAction('reject', { vi: 'Từ chối giải ngân', en: 'Reject a disbursement' }, [APPROVER], ReasonBody);
export const PayDisbursement = disbursementAction('pay', { vi: 'Ghi nhận đã chuyển tiền', en: 'Record the payment of a disbursement' }, [CLERK], PayBody);
export const ConfirmDisbursement = disbursementAction(
  'confirm',
  { vi: 'Xác nhận đã nhận (xã, phường)', en: 'The receiving ward confirms' },
  [CLERK, APPROVER],
  ConfirmBody,
);
export const CancelDisbursement = disbursementAction('cancel', { vi: 'Hủy đề nghị giải ngân', en: 'Cancel a disbursement' }, [CLERK, APPROVER], EmptyBody);

export const AddDisbursementEvidence = route({
  id: 'AddDisbursementEvidence',
  method: 'POST',
  path: '/v1/disbursements/{id}/evidence',
  entry: 'functions/disbursements/evidence.ts',
  access: staff(CLERK, APPROVER),
  tag,
  summary: { vi: 'Tải lên chứng từ (quyết định, biên bản bàn giao)', en: 'Upload evidence (decision, handover minutes)' },
  idempotent: true,
  schemas: { params: DisbursementParams, body: EvidenceBody, response: EvidenceAdded, responseStatus: 201 },
});

export const GetFundJournal = route({
  id: 'GetFundJournal',
  method: 'GET',
  path: '/v1/funds/{fundId}/journal',
  entry: 'functions/audit/journal.ts',
  access: staff(AUDITOR, CLERK, APPROVER),
  tag,
  summary: { vi: 'Sổ nhật ký của quỹ (phân trang)', en: 'The fund journal, paginated by cursor' },
  schemas: { params: FundParams, query: JournalQuery, response: JournalPage },
});

export const GetAuditTrail = route({
  id: 'GetAuditTrail',
  method: 'GET',
  path: '/v1/audit/{entityRef}',
  entry: 'functions/audit/entity.ts',
  access: staff(AUDITOR, CLERK, APPROVER),
  tag,
  summary: { vi: 'Lịch sử đầy đủ của một khoản', en: 'Full history of a pledge, receipt or disbursement' },
  schemas: { params: EntityRefParams, response: AuditTrail },
});

export const ledgerArea: RouteArea = {
  tag: LEDGER_TAG,
  routes: [RecordReceipt, GetReceipt, ReverseReceipt, RequestDisbursement, GetDisbursement, ListDisbursements, ApproveDisbursement, RejectDisbursement, PayDisbursement, ConfirmDisbursement, CancelDisbursement, AddDisbursementEvidence, GetFundJournal, GetAuditTrail],
};
