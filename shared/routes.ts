/**
 * The route table, declared once. The CDK stateless stack creates one function and one
 * HTTP API route per entry; the local twin routes requests to the same handler modules.
 */
import type { z } from 'zod';
import { AdminUnitList, AdminUnitQuery, Fund, FundDaysQuery, FundDayTotals, FundList, FundParams, FundWardTotals } from './schemas/funds';
import { CreatePledgeBody, PledgeCreated, PledgeRefParams, PublicPledge } from './schemas/pledges';
import {
  AnyObject,
  ConfirmBody,
  CreateApiKeyBody,
  CreateOrganisationBody,
  DisbursementParams,
  EmptyBody,
  EntityRefParams,
  EvidenceBody,
  IdParams,
  JournalQuery,
  ListDisbursementsQuery,
  OrgParams,
  PayBody,
  ReasonBody,
  RecordReceiptBody,
  RefParams,
  RequestDisbursementBody,
} from './schemas/ledger';
import {
  ConsistencyProof,
  ConsistencyQuery,
  FileRedirect,
  InclusionProofs,
  ProofQuery,
  ReportDateParams,
  ReportFileParams,
  ReportFundParams,
  ReportKeys,
  ReportList,
  ReportsQuery,
} from './schemas/reports';
import {
  ListStatementsQuery,
  MatchLineBody,
  RequestStatementUploadBody,
  STATEMENT_FILE_TYPES,
  StatementLineParams,
  StatementLinesQuery,
  StatementParams,
  UploadStatementQuery,
} from './schemas/statements';

export type HttpMethod = 'GET' | 'POST';
export type Role = 'finance-clerk' | 'finance-approver' | 'auditor' | 'admin';
export const ROLES: readonly Role[] = ['finance-clerk', 'finance-approver', 'auditor', 'admin'];

/** Who may call a route: anyone, staff with one of the roles (JWT), or an organisation's API key. */
export type Access = { kind: 'public' } | { kind: 'staff'; roles: readonly Role[] } | { kind: 'publicOrApiKey' } | { kind: 'apiKey' };

export interface RouteDef {
  /** Stable name: the CDK construct id, the OpenAPI operationId, the log context. */
  id: string;
  method: HttpMethod;
  /** API Gateway path syntax: `/v1/funds/{fundId}`. */
  path: string;
  /** The Lambda entry module, relative to the project root. */
  entry: string;
  access: Access;
  summary: { vi: string; en: string };
  /** Largest accepted request body. */
  maxBodyBytes?: number;
  /** The body is a file, not JSON: one of these content types, handed to the handler as bytes. */
  fileBody?: { contentTypes: readonly string[] };
  idempotent?: boolean;
  cache?: string;
  schemas: {
    params?: z.ZodType;
    query?: z.ZodType;
    body?: z.ZodType;
    response: z.ZodType;
    responseStatus?: number;
  };
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const PUBLIC = { kind: 'public' } as const;
const staff = (...roles: Role[]): Access => ({ kind: 'staff', roles });
const CLERK: Role = 'finance-clerk';
const APPROVER: Role = 'finance-approver';
const AUDITOR: Role = 'auditor';
const ADMIN: Role = 'admin';

export const routes: readonly RouteDef[] = [
  {
    id: 'ListFunds',
    method: 'GET',
    path: '/v1/funds',
    entry: 'functions/funds/list.ts',
    access: PUBLIC,
    summary: { vi: 'Danh sách quỹ và số liệu', en: 'List funds with live totals' },
    cache: 'public, max-age=5, stale-while-revalidate=30',
    schemas: { response: FundList },
  },
  {
    id: 'GetFund',
    method: 'GET',
    path: '/v1/funds/{fundId}',
    entry: 'functions/funds/get.ts',
    access: PUBLIC,
    summary: { vi: 'Chi tiết một quỹ', en: 'One fund with live totals' },
    cache: 'public, max-age=5, stale-while-revalidate=30',
    schemas: { params: FundParams, response: Fund },
  },
  {
    id: 'ListFundWards',
    method: 'GET',
    path: '/v1/funds/{fundId}/wards',
    entry: 'functions/funds/wards.ts',
    access: PUBLIC,
    summary: { vi: 'Số liệu của quỹ theo xã, phường, đặc khu', en: 'Live totals of a fund per ward and commune' },
    cache: 'public, max-age=5, stale-while-revalidate=30',
    schemas: { params: FundParams, response: FundWardTotals },
  },
  {
    id: 'ListFundDays',
    method: 'GET',
    path: '/v1/funds/{fundId}/days',
    entry: 'functions/funds/days.ts',
    access: PUBLIC,
    summary: { vi: 'Số liệu của quỹ theo ngày (giờ Việt Nam)', en: 'Live totals of a fund per day, Vietnam time' },
    cache: 'public, max-age=5, stale-while-revalidate=30',
    schemas: { params: FundParams, query: FundDaysQuery, response: FundDayTotals },
  },
  {
    id: 'SearchAdminUnits',
    method: 'GET',
    path: '/v1/admin-units',
    entry: 'functions/admin-units/search.ts',
    access: PUBLIC,
    summary: { vi: 'Tìm xã, phường, đặc khu (không dấu cũng được)', en: 'Search communes and wards, diacritic-insensitive' },
    cache: 'public, max-age=86400',
    schemas: { query: AdminUnitQuery, response: AdminUnitList },
  },
  {
    id: 'CreatePledge',
    method: 'POST',
    path: '/v1/pledges',
    entry: 'functions/pledges/create.ts',
    access: { kind: 'publicOrApiKey' },
    summary: { vi: 'Đăng ký ủng hộ', en: 'Pledge a donation' },
    idempotent: true,
    schemas: { body: CreatePledgeBody, response: PledgeCreated, responseStatus: 201 },
  },
  {
    id: 'GetPledge',
    method: 'GET',
    path: '/v1/pledges/{ref}',
    entry: 'functions/pledges/get.ts',
    access: PUBLIC,
    summary: { vi: 'Tra cứu khoản ủng hộ theo mã', en: 'Check a donation by its reference code' },
    cache: 'public, max-age=5',
    schemas: { params: PledgeRefParams, response: PublicPledge },
  },
  {
    id: 'CancelPledge',
    method: 'POST',
    path: '/v1/pledges/{ref}/cancel',
    entry: 'functions/pledges/cancel.ts',
    access: staff(APPROVER, ADMIN),
    summary: { vi: 'Hủy cam kết ủng hộ', en: 'Cancel a pledge' },
    idempotent: true,
    schemas: { params: RefParams, body: ReasonBody, response: AnyObject },
  },
  {
    id: 'RecordReceipt',
    method: 'POST',
    path: '/v1/receipts',
    entry: 'functions/receipts/record.ts',
    access: staff(CLERK),
    summary: { vi: 'Ghi nhận khoản thu', en: 'Record a receipt' },
    idempotent: true,
    schemas: { body: RecordReceiptBody, response: AnyObject, responseStatus: 201 },
  },
  {
    id: 'GetReceipt',
    method: 'GET',
    path: '/v1/receipts/{id}',
    entry: 'functions/receipts/get.ts',
    access: staff(CLERK, APPROVER, AUDITOR),
    summary: { vi: 'Xem khoản thu', en: 'Get a receipt' },
    schemas: { params: IdParams, response: AnyObject },
  },
  {
    id: 'ReverseReceipt',
    method: 'POST',
    path: '/v1/receipts/{id}/reverse',
    entry: 'functions/receipts/reverse.ts',
    access: staff(APPROVER),
    summary: { vi: 'Đảo (hủy) khoản thu bằng bút toán đảo', en: 'Reverse a receipt with a reversing entry' },
    idempotent: true,
    schemas: { params: IdParams, body: ReasonBody, response: AnyObject },
  },
  {
    id: 'RequestDisbursement',
    method: 'POST',
    path: '/v1/disbursements',
    entry: 'functions/disbursements/request.ts',
    access: staff(CLERK),
    summary: { vi: 'Lập đề nghị giải ngân', en: 'Request a disbursement' },
    idempotent: true,
    schemas: { body: RequestDisbursementBody, response: AnyObject, responseStatus: 201 },
  },
  {
    id: 'GetDisbursement',
    method: 'GET',
    path: '/v1/disbursements/{id}',
    entry: 'functions/disbursements/get.ts',
    access: staff(CLERK, APPROVER, AUDITOR, ADMIN),
    summary: { vi: 'Xem khoản giải ngân', en: 'Get a disbursement' },
    schemas: { params: DisbursementParams, response: AnyObject },
  },
  {
    id: 'ListDisbursements',
    method: 'GET',
    path: '/v1/disbursements',
    entry: 'functions/disbursements/list.ts',
    access: staff(CLERK, APPROVER, AUDITOR, ADMIN),
    summary: { vi: 'Các khoản giải ngân của quỹ theo trạng thái (mới nhất trước)', en: 'Disbursements of a fund by status, newest first' },
    schemas: { query: ListDisbursementsQuery, response: AnyObject },
  },
  ...(
    [
      ['approve', 'Phê duyệt giải ngân', 'Approve a disbursement (not your own request)', [APPROVER], ReasonBody.partial()],
      ['reject', 'Từ chối giải ngân', 'Reject a disbursement', [APPROVER], ReasonBody],
      ['pay', 'Ghi nhận đã chuyển tiền', 'Record the payment of a disbursement', [CLERK], PayBody],
      ['confirm', 'Xác nhận đã nhận (xã, phường)', 'The receiving ward confirms', [CLERK, APPROVER], ConfirmBody],
      ['cancel', 'Hủy đề nghị giải ngân', 'Cancel a disbursement', [CLERK, APPROVER], EmptyBody],
    ] as const
  ).map(
    ([action, vi, en, roles, body]): RouteDef => ({
      id: `${action[0]!.toUpperCase()}${action.slice(1)}Disbursement`,
      method: 'POST',
      path: `/v1/disbursements/{id}/${action}`,
      entry: `functions/disbursements/${action}.ts`,
      access: staff(...roles),
      summary: { vi, en },
      idempotent: true,
      schemas: { params: DisbursementParams, body, response: AnyObject },
    }),
  ),
  {
    id: 'AddDisbursementEvidence',
    method: 'POST',
    path: '/v1/disbursements/{id}/evidence',
    entry: 'functions/disbursements/evidence.ts',
    access: staff(CLERK, APPROVER),
    summary: { vi: 'Tải lên chứng từ (quyết định, biên bản bàn giao)', en: 'Upload evidence (decision, handover minutes)' },
    idempotent: true,
    schemas: { params: DisbursementParams, body: EvidenceBody, response: AnyObject, responseStatus: 201 },
  },
  {
    id: 'ListFundDisbursements',
    method: 'GET',
    path: '/v1/funds/{fundId}/disbursements',
    entry: 'functions/funds/disbursements.ts',
    access: PUBLIC,
    summary: { vi: 'Tiền đã đi đâu: các khoản giải ngân của quỹ', en: 'Where the money went: disbursements of a fund' },
    cache: 'public, max-age=30',
    schemas: { params: FundParams, response: AnyObject },
  },
  {
    id: 'GetFundJournal',
    method: 'GET',
    path: '/v1/funds/{fundId}/journal',
    entry: 'functions/audit/journal.ts',
    access: staff(AUDITOR, CLERK, APPROVER),
    summary: { vi: 'Sổ nhật ký của quỹ (phân trang)', en: 'The fund journal, paginated by cursor' },
    schemas: { params: FundParams, query: JournalQuery, response: AnyObject },
  },
  {
    id: 'GetAuditTrail',
    method: 'GET',
    path: '/v1/audit/{entityRef}',
    entry: 'functions/audit/entity.ts',
    access: staff(AUDITOR, CLERK, APPROVER),
    summary: { vi: 'Lịch sử đầy đủ của một khoản', en: 'Full history of a pledge, receipt or disbursement' },
    schemas: { params: EntityRefParams, response: AnyObject },
  },
  {
    id: 'CreateOrganisation',
    method: 'POST',
    path: '/v1/organisations',
    entry: 'functions/organisations/create.ts',
    access: staff(ADMIN),
    summary: { vi: 'Tạo tổ chức', en: 'Create an organisation' },
    idempotent: true,
    schemas: { body: CreateOrganisationBody, response: AnyObject, responseStatus: 201 },
  },
  {
    id: 'CreateApiKey',
    method: 'POST',
    path: '/v1/organisations/{orgId}/api-keys',
    entry: 'functions/organisations/create-key.ts',
    access: staff(ADMIN),
    summary: { vi: 'Cấp khóa API cho tổ chức (chỉ hiện một lần)', en: 'Issue an API key (shown once)' },
    idempotent: true,
    schemas: { params: OrgParams, body: CreateApiKeyBody, response: AnyObject, responseStatus: 201 },
  },
  {
    id: 'ListOwnPledges',
    method: 'GET',
    path: '/v1/org/pledges',
    entry: 'functions/organisations/pledges.ts',
    access: { kind: 'apiKey' },
    summary: { vi: 'Các cam kết của tổ chức', en: "The calling organisation's pledges" },
    schemas: { response: AnyObject },
  },
  {
    id: 'GetMe',
    method: 'GET',
    path: '/v1/me',
    entry: 'functions/staff/me.ts',
    access: staff(CLERK, APPROVER, AUDITOR, ADMIN),
    summary: { vi: 'Người dùng hiện tại và vai trò', en: 'The signed-in staff member and roles' },
    schemas: { response: AnyObject },
  },
  {
    id: 'ListReports',
    method: 'GET',
    path: '/v1/reports',
    entry: 'functions/reports/list.ts',
    access: PUBLIC,
    summary: { vi: 'Các báo cáo minh bạch hằng đêm của quỹ', en: 'Nightly transparency reports of a fund' },
    cache: 'public, max-age=300',
    schemas: { query: ReportsQuery, response: ReportList },
  },
  {
    id: 'GetReportKeys',
    method: 'GET',
    path: '/v1/reports/keys.json',
    entry: 'functions/reports/keys.ts',
    access: PUBLIC,
    summary: { vi: 'Khóa công khai để kiểm tra chữ ký báo cáo', en: 'Public keys that verify report signatures' },
    cache: 'public, max-age=300',
    schemas: { response: ReportKeys },
  },
  {
    id: 'GetReportProof',
    method: 'GET',
    path: '/v1/reports/{fundId}/{date}/proof',
    entry: 'functions/reports/proof.ts',
    access: PUBLIC,
    summary: { vi: 'Bằng chứng khoản ủng hộ có trong báo cáo (Merkle)', en: 'Inclusion proofs of every entry of a reference code' },
    cache: 'public, max-age=3600',
    schemas: { params: ReportDateParams, query: ProofQuery, response: InclusionProofs },
  },
  {
    id: 'GetReportConsistency',
    method: 'GET',
    path: '/v1/reports/{fundId}/consistency',
    entry: 'functions/reports/consistency.ts',
    access: PUBLIC,
    summary: { vi: 'Bằng chứng báo cáo sau chỉ nối thêm vào báo cáo trước', en: 'Consistency proof between two nights' },
    cache: 'public, max-age=3600',
    schemas: { params: ReportFundParams, query: ConsistencyQuery, response: ConsistencyProof },
  },
  {
    id: 'GetReportFile',
    method: 'GET',
    path: '/v1/reports/{fundId}/{date}/files/{name}',
    entry: 'functions/reports/file.ts',
    access: PUBLIC,
    summary: { vi: 'Tải tệp báo cáo (chuyển hướng tới kho lưu trữ)', en: 'Download a report file (redirects to storage)' },
    schemas: { params: ReportFileParams, response: FileRedirect, responseStatus: 302 },
  },
  {
    id: 'UploadStatement',
    method: 'POST',
    path: '/v1/statements',
    entry: 'functions/statements/upload.ts',
    access: staff(CLERK),
    summary: {
      vi: 'Tải lên sao kê ngân hàng (tệp CSV hoặc XLSX đến 4 MB làm nội dung yêu cầu)',
      en: 'Upload a bank statement: the CSV or XLSX file itself as the body, up to 4 MB',
    },
    idempotent: true,
    // Lambda takes at most 6 MB per invocation, and API Gateway base64-encodes a binary body (×4/3).
    maxBodyBytes: 4 * 1024 * 1024,
    fileBody: { contentTypes: STATEMENT_FILE_TYPES },
    schemas: { query: UploadStatementQuery, response: AnyObject, responseStatus: 202 },
  },
  {
    id: 'RequestStatementUpload',
    method: 'POST',
    path: '/v1/statements/uploads',
    entry: 'functions/statements/request-upload.ts',
    access: staff(CLERK),
    summary: { vi: 'Xin đường dẫn tải lên sao kê lớn (đến 100 MB)', en: 'Get a presigned upload for a large statement (up to 100 MB)' },
    idempotent: true,
    schemas: { body: RequestStatementUploadBody, response: AnyObject, responseStatus: 201 },
  },
  {
    id: 'ListStatements',
    method: 'GET',
    path: '/v1/statements',
    entry: 'functions/statements/list.ts',
    access: staff(CLERK, APPROVER, AUDITOR),
    summary: { vi: 'Các sao kê đã tải lên của quỹ', en: 'Statements uploaded for a fund, newest first' },
    schemas: { query: ListStatementsQuery, response: AnyObject },
  },
  {
    id: 'GetStatement',
    method: 'GET',
    path: '/v1/statements/{id}',
    entry: 'functions/statements/get.ts',
    access: staff(CLERK, APPROVER, AUDITOR),
    summary: { vi: 'Tiến độ và tổng hợp của một sao kê', en: 'Progress and summary of a statement import' },
    schemas: { params: StatementParams, response: AnyObject },
  },
  {
    id: 'ProcessStatement',
    method: 'POST',
    path: '/v1/statements/{id}/process',
    entry: 'functions/statements/process.ts',
    access: staff(CLERK),
    summary: {
      vi: 'Bắt đầu hoặc tiếp tục nhập sao kê (an toàn khi gọi lại)',
      en: 'Start or continue importing a statement; safe to repeat, each line is booked once',
    },
    schemas: { params: StatementParams, response: AnyObject },
  },
  {
    id: 'ListStatementLines',
    method: 'GET',
    path: '/v1/statements/{id}/lines',
    entry: 'functions/statements/lines.ts',
    access: staff(CLERK, APPROVER, AUDITOR),
    summary: { vi: 'Các dòng của sao kê theo trạng thái', en: 'Lines of a statement, by status, paginated' },
    schemas: { params: StatementParams, query: StatementLinesQuery, response: AnyObject },
  },
  {
    id: 'MatchStatementLine',
    method: 'POST',
    path: '/v1/statements/{id}/lines/{lineId}/match',
    entry: 'functions/statements/match.ts',
    access: staff(CLERK),
    summary: { vi: 'Khớp dòng sao kê với cam kết hoặc khoản chi', en: 'Match a statement line to a pledge or a disbursement' },
    idempotent: true,
    schemas: { params: StatementLineParams, body: MatchLineBody, response: AnyObject },
  },
  {
    id: 'IgnoreStatementLine',
    method: 'POST',
    path: '/v1/statements/{id}/lines/{lineId}/ignore',
    entry: 'functions/statements/ignore.ts',
    access: staff(CLERK),
    summary: { vi: 'Bỏ qua dòng sao kê (ghi rõ lý do)', en: 'Set a statement line aside, with a reason' },
    idempotent: true,
    schemas: { params: StatementLineParams, body: ReasonBody, response: AnyObject },
  },
  {
    id: 'GetReconciliation',
    method: 'GET',
    path: '/v1/reconciliation/{fundId}',
    entry: 'functions/reconciliation/get.ts',
    access: staff(CLERK, APPROVER, AUDITOR),
    summary: { vi: 'Đối chiếu số dư sao kê với sổ quỹ', en: 'Statement balance against the ledger, with the work left' },
    schemas: { params: FundParams, response: AnyObject },
  },
  {
    id: 'GetOpenApi',
    method: 'GET',
    path: '/v1/openapi.json',
    entry: 'functions/openapi/get.ts',
    access: PUBLIC,
    summary: { vi: 'Tài liệu OpenAPI 3.1', en: 'OpenAPI 3.1 document' },
    cache: 'public, max-age=300',
    schemas: { response: {} as z.ZodType },
  },
];

/** The catch-all handler: problem+json 404 and 405 for anything the table does not declare. */
export const fallbackEntry = 'functions/fallback/not-found.ts';

export interface RouteMatch {
  route: RouteDef;
  pathParameters: Record<string, string>;
}

function toRegExp(path: string): RegExp {
  const pattern = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, '(?<$1>[^/]+)');
  return new RegExp(`^${pattern.replace(/\\\{|\\\}/g, '')}$`);
}

const compiled = routes.map((route) => ({ route, regexp: toRegExp(route.path) }));

/** Finds the route for a request, or tells which methods the path allows. */
export function matchRoute(method: string, path: string): RouteMatch | { allow: string[] } | null {
  const allow: string[] = [];
  for (const { route, regexp } of compiled) {
    const found = regexp.exec(path);
    if (!found) continue;
    if (route.method !== method) {
      allow.push(route.method);
      continue;
    }
    const pathParameters: Record<string, string> = {};
    for (const [key, value] of Object.entries(found.groups ?? {})) {
      try {
        pathParameters[key] = decodeURIComponent(value);
      } catch {
        pathParameters[key] = value;
      }
    }
    return { route, pathParameters };
  }
  return allow.length ? { allow } : null;
}

export function routeById(id: string): RouteDef {
  const route = routes.find((r) => r.id === id);
  if (!route) throw new Error(`no route ${id}`);
  return route;
}
