/** Bank statements (upload, import, review of their lines) and the reconciliation of a fund: finance staff. */
import { FundParams, ReasonBody } from '../schemas/common';
import {
  ListStatementsQuery,
  MatchLineBody,
  Reconciliation,
  RequestStatementUploadBody,
  STATEMENT_FILE_TYPES,
  StatementLine,
  StatementLineParams,
  StatementLinePage,
  StatementLinesQuery,
  StatementPage,
  StatementParams,
  StatementUploadRequested,
  StatementView,
  UploadStatementQuery,
} from '../schemas/statements';
import { APPROVER, AUDITOR, CLERK, route, staff, type RouteArea, type RouteTag } from './route';

export const STATEMENTS_TAG: RouteTag = {
  name: 'Statements',
  description: 'Sao kê ngân hàng: tải lên, nhập, xem xét từng dòng; đối chiếu với sổ quỹ / Bank statements: upload, import, review their lines; reconciliation with the ledger',
};
const tag = STATEMENTS_TAG.name;
const READERS = staff(CLERK, APPROVER, AUDITOR);

export const UploadStatement = route({
  id: 'UploadStatement',
  method: 'POST',
  path: '/v1/statements',
  entry: 'functions/statements/upload.ts',
  access: staff(CLERK),
  tag,
  summary: {
    vi: 'Tải lên sao kê ngân hàng (tệp CSV hoặc XLSX đến 4 MB làm nội dung yêu cầu)',
    en: 'Upload a bank statement: the CSV or XLSX file itself as the body, up to 4 MB',
  },
  idempotent: true,
  // Lambda takes at most 6 MB per invocation, and API Gateway base64-encodes a binary body (×4/3).
  maxBodyBytes: 4 * 1024 * 1024,
  fileBody: { contentTypes: STATEMENT_FILE_TYPES },
  schemas: { query: UploadStatementQuery, response: StatementView, responseStatus: 202 },
  responseHeaders: { location: 'The statement: /v1/statements/{id}' },
});

export const RequestStatementUpload = route({
  id: 'RequestStatementUpload',
  method: 'POST',
  path: '/v1/statements/uploads',
  entry: 'functions/statements/request-upload.ts',
  access: staff(CLERK),
  tag,
  summary: { vi: 'Xin đường dẫn tải lên sao kê lớn (đến 100 MB)', en: 'Get a presigned upload for a large statement (up to 100 MB)' },
  idempotent: true,
  schemas: { body: RequestStatementUploadBody, response: StatementUploadRequested, responseStatus: 201 },
});

export const ListStatements = route({
  id: 'ListStatements',
  method: 'GET',
  path: '/v1/statements',
  entry: 'functions/statements/list.ts',
  access: READERS,
  tag,
  summary: { vi: 'Các sao kê đã tải lên của quỹ', en: 'Statements uploaded for a fund, newest first' },
  schemas: { query: ListStatementsQuery, response: StatementPage },
});

export const GetStatement = route({
  id: 'GetStatement',
  method: 'GET',
  path: '/v1/statements/{id}',
  entry: 'functions/statements/get.ts',
  access: READERS,
  tag,
  summary: { vi: 'Tiến độ và tổng hợp của một sao kê', en: 'Progress and summary of a statement import' },
  schemas: { params: StatementParams, response: StatementView },
});

export const ProcessStatement = route({
  id: 'ProcessStatement',
  method: 'POST',
  path: '/v1/statements/{id}/process',
  entry: 'functions/statements/process.ts',
  access: staff(CLERK),
  tag,
  summary: {
    vi: 'Bắt đầu hoặc tiếp tục nhập sao kê (an toàn khi gọi lại)',
    en: 'Start or continue importing a statement; safe to repeat, each line is booked once',
  },
  schemas: { params: StatementParams, response: StatementView },
  alsoAnswers: { 202: { vi: 'Chưa nhập xong: gọi lại để tiếp tục', en: 'Not done yet: call again to continue' } },
});

export const ListStatementLines = route({
  id: 'ListStatementLines',
  method: 'GET',
  path: '/v1/statements/{id}/lines',
  entry: 'functions/statements/lines.ts',
  access: READERS,
  tag,
  summary: { vi: 'Các dòng của sao kê theo trạng thái', en: 'Lines of a statement, by status, paginated' },
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
  schemas: { params: StatementLineParams, body: MatchLineBody, response: StatementLine },
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
  schemas: { params: StatementLineParams, body: ReasonBody, response: StatementLine },
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

export const statementsArea: RouteArea = {
  tag: STATEMENTS_TAG,
  routes: [UploadStatement, RequestStatementUpload, ListStatements, GetStatement, ProcessStatement, ListStatementLines, MatchStatementLine, IgnoreStatementLine, GetReconciliation],
};
