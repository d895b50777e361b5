/** Organisations that pledge in bulk with an API key, their keys (admins), and who the signed-in staff member is. */
import { ApiKeyCreated, CreateApiKeyBody, CreateOrganisationBody, Organisation, OrganisationPledges, OrgParams, StaffMember } from '../schemas/organisations';
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

export const CreateApiKey = route({
  id: 'CreateApiKey',
  method: 'POST',
  path: '/v1/organisations/{orgId}/api-keys',
  entry: 'functions/organisations/create-key.ts',
  access: staff(ADMIN),
  tag,
  summary: { vi: 'Cấp khóa API cho tổ chức (chỉ hiện một lần)', en: 'Issue an API key (shown once)' },
  idempotent: true,
  schemas: { params: OrgParams, body: CreateApiKeyBody, response: ApiKeyCreated, responseStatus: 201 },
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
  routes: [CreateOrganisation, CreateApiKey, ListOwnPledges, GetMe],
};
