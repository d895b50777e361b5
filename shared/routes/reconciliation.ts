/** Reconciliation, for finance staff: the lines of imported statements and the decisions on them, and a fund's statement balance against its ledger. */
import { FundParams, ReasonBody } from '../schemas/common';
import { CountLineBody, DiscardLineBody, MatchLineBody, Reconciliation, ReviewLinePage, ReviewLinesQuery, StatementLineView, StatementLineParams, StatementLinePage, StatementLinesQuery } from '../schemas/reconciliation';
import { StatementParams } from '../schemas/statements';
import { APPROVER, AUDITOR, CLERK, route, staff, type RouteArea, type RouteTag } from './route';

export const RECONCILIATION_TAG: RouteTag = {
  name: 'Reconciliation',
  description:
    'Đối chiếu: các dòng sao kê, khớp hoặc bỏ qua từng dòng; số dư sao kê so với sổ quỹ / Reconciliation: statement lines, matching or setting each aside; the statement balance against the ledger',
};
const tag = RECONCILIATION_TAG.name;
const READERS = staff(CLERK, APPROVER, AUDITOR);

export const ListStatementLines = route({
  id: 'ListStatementLines',
  method: 'GET',
  path: '/v1/statements/{id}/lines',
  entry: 'functions/statements/lines.ts',
  access: READERS,
  tag,
  summary: {
    vi: 'Các dòng của sao kê theo loại (đã tính, tạm giữ, trùng, không phải giao dịch) hoặc trạng thái',
    en: 'Lines of a statement, by class (counted, held, duplicate, not a transaction) or status, paginated',
  },
  schemas: { params: StatementParams, query: StatementLinesQuery, response: StatementLinePage },
});

export const MatchStatementLine = route({
  id: 'MatchStatementLine',
  method: 'POST',
  path: '/v1/statements/{id}/lines/{lineId}/match',
  entry: 'functions/statements/match.ts',
  access: staff(CLERK),
  tag,
  summary: { vi: 'Khớp dòng sao kê với cam kết hoặc khoản chi', en: 'Match a statement line to a pledge or a disbursement' },
  idempotent: true,
  schemas: { params: StatementLineParams, body: MatchLineBody, response: StatementLineView },
});

export const IgnoreStatementLine = route({
  id: 'IgnoreStatementLine',
  method: 'POST',
  path: '/v1/statements/{id}/lines/{lineId}/ignore',
  entry: 'functions/statements/ignore.ts',
  access: staff(CLERK),
  tag,
  summary: { vi: 'Bỏ qua dòng sao kê (ghi rõ lý do)', en: 'Set a statement line aside, with a reason' },
  idempotent: true,
  schemas: { params: StatementLineParams, body: ReasonBody, response: StatementLineView },
});

export const CountStatementLine = route({
  id: 'CountStatementLine',
  method: 'POST',
  path: '/v1/statements/{id}/lines/{lineId}/count',
  entry: 'functions/statements/count.ts',
  access: staff(CLERK),
  tag,
  summary: {
    vi: 'Tính một dòng bị giữ (chấp nhận số tiền suy ra từ số dư, hoặc xác nhận không trùng)',
    en: 'Count a held line: accept its inferred amount, or confirm it is not a duplicate',
  },
  idempotent: true,
  schemas: { params: StatementLineParams, body: CountLineBody, response: StatementLineView },
});

export const DiscardStatementLine = route({
  id: 'DiscardStatementLine',
  method: 'POST',
  path: '/v1/statements/{id}/lines/{lineId}/discard',
  entry: 'functions/statements/discard.ts',
  access: staff(CLERK),
  tag,
  summary: { vi: 'Loại một dòng: trùng, hoặc không phải giao dịch (ghi rõ lý do)', en: 'Discard a line as a duplicate or as not a transaction, with a reason' },
  idempotent: true,
  schemas: { params: StatementLineParams, body: DiscardLineBody, response: StatementLineView },
});

export const GetReconciliation = route({
  id: 'GetReconciliation',
  method: 'GET',
  path: '/v1/reconciliation/{fundId}',
  entry: 'functions/reconciliation/get.ts',
  access: READERS,
  tag,
  summary: { vi: 'Đối chiếu số dư sao kê với sổ quỹ', en: 'Statement balance against the ledger, with the work left' },
  schemas: { params: FundParams, response: Reconciliation },
});

export const ListReviewLines = route({
  id: 'ListReviewLines',
  method: 'GET',
  path: '/v1/reconciliation/{fundId}/lines',
  entry: 'functions/reconciliation/review-lines.ts',
  access: READERS,
  tag,
  summary: { vi: 'Hàng chờ xử lý: các dòng sao kê chưa khớp, sắp xếp và phân trang', en: 'The review queue: statement lines waiting for a person, sorted and paginated' },
  schemas: { params: FundParams, query: ReviewLinesQuery, response: ReviewLinePage },
});

export const reconciliationArea: RouteArea = {
  tag: RECONCILIATION_TAG,
  routes: [ListStatementLines, MatchStatementLine, IgnoreStatementLine, CountStatementLine, DiscardStatementLine, GetReconciliation, ListReviewLines],
};
