/** The nightly transparency reports: the list, their files, the signing keys, and Merkle proofs. Public. */
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
} from '../schemas/reports';
import { PUBLIC, route, type RouteArea, type RouteTag } from './route';

export const REPORTS_TAG: RouteTag = {
  name: 'Reports',
  description: 'Báo cáo minh bạch hằng đêm đã ký, và bằng chứng Merkle để tự kiểm tra / Signed nightly transparency reports, and Merkle proofs to check them',
};
const tag = REPORTS_TAG.name;

export const ListReports = route({
  id: 'ListReports',
  method: 'GET',
  path: '/v1/reports',
  entry: 'functions/reports/list.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Các báo cáo minh bạch hằng đêm của quỹ', en: 'Nightly transparency reports of a fund' },
  cache: 'public, max-age=300',
  schemas: { query: ReportsQuery, response: ReportList },
});

export const GetReportKeys = route({
  id: 'GetReportKeys',
  method: 'GET',
  path: '/v1/reports/keys.json',
  entry: 'functions/reports/keys.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Khóa công khai để kiểm tra chữ ký báo cáo', en: 'Public keys that verify report signatures' },
  cache: 'public, max-age=300',
  schemas: { response: ReportKeys },
});

export const GetReportProof = route({
  id: 'GetReportProof',
  method: 'GET',
  path: '/v1/reports/{fundId}/{date}/proof',
  entry: 'functions/reports/proof.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Bằng chứng khoản ủng hộ có trong báo cáo (Merkle)', en: 'Inclusion proofs of every entry of a reference code' },
  cache: 'public, max-age=3600',
  schemas: { params: ReportDateParams, query: ProofQuery, response: InclusionProofs },
});

export const GetReportConsistency = route({
  id: 'GetReportConsistency',
  method: 'GET',
  path: '/v1/reports/{fundId}/consistency',
  entry: 'functions/reports/consistency.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Bằng chứng báo cáo sau chỉ nối thêm vào báo cáo trước', en: 'Consistency proof between two nights' },
  cache: 'public, max-age=3600',
  schemas: { params: ReportFundParams, query: ConsistencyQuery, response: ConsistencyProof },
});

export const GetReportFile = route({
  id: 'GetReportFile',
  method: 'GET',
  path: '/v1/reports/{fundId}/{date}/files/{name}',
  entry: 'functions/reports/file.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Tải tệp báo cáo (chuyển hướng tới kho lưu trữ)', en: 'Download a report file (redirects to storage)' },
  schemas: { params: ReportFileParams, response: FileRedirect, responseStatus: 302 },
  responseHeaders: { location: 'A short-lived URL of the file in storage' },
});

export const reportsArea: RouteArea = {
  tag: REPORTS_TAG,
  routes: [ListReports, GetReportKeys, GetReportProof, GetReportConsistency, GetReportFile],
};
