/** Bank statements: uploading them and importing their lines, for finance staff. */
import {
  ListStatementsQuery,
  RequestStatementUploadBody,
  STATEMENT_FILE_TYPES,
  StatementPage,
  StatementParams,
  StatementUploadRequested,
  StatementView,
  UploadStatementQuery,
} from '../schemas/statements';
import { APPROVER, AUDITOR, CLERK, route, staff, type RouteArea, type RouteTag } from './route';

export const STATEMENTS_TAG: RouteTag = {
  name: 'Statements',
  description: 'Sao kê ngân hàng: tải lên và nhập / Bank statements: upload and import',
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

export const statementsArea: RouteArea = {
  tag: STATEMENTS_TAG,
  routes: [UploadStatement, RequestStatementUpload, ListStatements, GetStatement, ProcessStatement],
};
