/** Organisations that pledge in bulk with an API key, their keys (admins), and who the signed-in staff member is. */
import {
  ApiKey,
  ApiKeyCreated,
  ApiKeyList,
  ApiKeyRotated,
  CreateApiKeyBody,
  CreateOrganisationBody,
  Organisation,
  OrganisationList,
  OrganisationListQuery,
  OrganisationPledges,
  OrganisationStatement,
  StatementYearQuery,
  OrgKeyParams,
  OrgParams,
  RotateApiKeyBody,
  StaffMember,
} from '../schemas/organisations';
import { ADMIN, API_KEY, APPROVER, AUDITOR, CLERK, route, staff, type RouteArea, type RouteTag } from './route';

export const ORGANISATIONS_TAG: RouteTag = {
  name: 'Organisations',
  description: 'Tổ chức và khóa API của tổ chức; người dùng đang đăng nhập / Organisations and their API keys; the signed-in staff member',
};
const tag = ORGANISATIONS_TAG.name;

export const CreateOrganisation = route({
  id: 'CreateOrganisation',
  method: 'POST',
  path: '/v1/organisations',
  entry: 'functions/organisations/create.ts',
  access: staff(ADMIN),
  tag,
  summary: { vi: 'Tạo tổ chức', en: 'Create an organisation' },
  idempotent: true,
  schemas: { body: CreateOrganisationBody, response: Organisation, responseStatus: 201 },
});

export const ListOrganisations = route({
  id: 'ListOrganisations',
  method: 'GET',
  path: '/v1/organisations',
  entry: 'functions/organisations/list.ts',
  access: staff(CLERK, APPROVER, AUDITOR, ADMIN),
  tag,
  summary: { vi: 'Các tổ chức thuộc ủy ban của bạn (tìm theo tên, mã số thuế)', en: 'The organisations of your committees (search by name or tax code)' },
  schemas: { query: OrganisationListQuery, response: OrganisationList },
});

export const CreateApiKey = route({
  id: 'CreateApiKey',
  method: 'POST',
  path: '/v1/organisations/{orgId}/api-keys',
  entry: 'functions/organisations/create-key.ts',
  access: staff(ADMIN),
  tag,
  summary: { vi: 'Cấp khóa API cho tổ chức (chỉ hiện một lần, có hạn dùng)', en: 'Issue an API key (shown once; it expires)' },
  idempotent: true,
  schemas: { params: OrgParams, body: CreateApiKeyBody, response: ApiKeyCreated, responseStatus: 201 },
});

export const ListApiKeys = route({
  id: 'ListApiKeys',
  method: 'GET',
  path: '/v1/organisations/{orgId}/api-keys',
  entry: 'functions/organisations/list-keys.ts',
  access: staff(ADMIN),
  tag,
  summary: { vi: 'Các khóa API của tổ chức (không hiện khóa)', en: "The organisation's API keys (never the secrets)" },
  schemas: { params: OrgParams, response: ApiKeyList },
});

export const RevokeApiKey = route({
  id: 'RevokeApiKey',
  method: 'POST',
  path: '/v1/organisations/{orgId}/api-keys/{keyId}/revoke',
  entry: 'functions/organisations/revoke-key.ts',
  access: staff(ADMIN),
  tag,
  summary: { vi: 'Thu hồi khóa API', en: 'Revoke an API key' },
  idempotent: true,
  schemas: { params: OrgKeyParams, response: ApiKey },
});

export const RotateApiKey = route({
  id: 'RotateApiKey',
  method: 'POST',
  path: '/v1/organisations/{orgId}/api-keys/{keyId}/rotate',
  entry: 'functions/organisations/rotate-key.ts',
  access: staff(ADMIN),
  tag,
  summary: { vi: 'Thay khóa API (khóa cũ còn dùng được trong thời gian chuyển)', en: 'Rotate an API key (the old one works for an overlap)' },
  idempotent: true,
  schemas: { params: OrgKeyParams, body: RotateApiKeyBody, response: ApiKeyRotated, responseStatus: 201 },
});

export const ListOwnPledges = route({
  id: 'ListOwnPledges',
  method: 'GET',
  path: '/v1/org/pledges',
  entry: 'functions/organisations/pledges.ts',
  access: API_KEY,
  tag,
  summary: { vi: 'Các cam kết của tổ chức', en: "The calling organisation's pledges" },
  schemas: { response: OrganisationPledges },
});

const statementSummary = { vi: 'Bảng kê cam kết và tiền đã nhận của tổ chức trong năm', en: "An organisation's pledges and receipts for a year" };

export const GetOrganisationStatement = route({
  id: 'GetOrganisationStatement',
  method: 'GET',
  path: '/v1/organisations/{orgId}/statement',
  entry: 'functions/organisations/statement.ts',
  access: staff(CLERK, APPROVER, AUDITOR, ADMIN),
  tag,
  summary: statementSummary,
  schemas: { params: OrgParams, query: StatementYearQuery, response: OrganisationStatement },
});

export const GetOwnStatement = route({
  id: 'GetOwnStatement',
  method: 'GET',
  path: '/v1/org/statement',
  entry: 'functions/organisations/own-statement.ts',
  access: API_KEY,
  tag,
  summary: { vi: 'Bảng kê năm của chính tổ chức', en: "The calling organisation's statement for a year" },
  schemas: { query: StatementYearQuery, response: OrganisationStatement },
});

export const GetMe = route({
  id: 'GetMe',
  method: 'GET',
  path: '/v1/me',
  entry: 'functions/staff/me.ts',
  access: staff(CLERK, APPROVER, AUDITOR, ADMIN),
  tag,
  summary: { vi: 'Người dùng hiện tại và vai trò', en: 'The signed-in staff member and roles' },
  schemas: { response: StaffMember },
});

export const organisationsArea: RouteArea = {
  tag: ORGANISATIONS_TAG,
  routes: [CreateOrganisation, ListOrganisations, CreateApiKey, ListApiKeys, RevokeApiKey, RotateApiKey, ListOwnPledges, GetOrganisationStatement, GetOwnStatement, GetMe],
};
