/** Saved column mappings for the banks the importer does not know (DESIGN §9.6), and the preview a clerk maps from. */
import { CreateMappingBody, MappingParams, PreviewQuery, StatementMapping, StatementMappingList, StatementMappingWithVersions, StatementPreview, UpdateMappingBody } from '../schemas/mappings';
import { STATEMENT_FILE_TYPES } from '../schemas/statements';
import { ADMIN, APPROVER, AUDITOR, CLERK, route, staff, type RouteArea, type RouteTag } from './route';

export const MAPPINGS_TAG: RouteTag = {
  name: 'Statement mappings',
  description: 'Cách đọc sao kê của ngân hàng khác: xem trước, lưu, sửa / Column mappings for other banks’ statements: preview, save, update',
};
const tag = MAPPINGS_TAG.name;
const READERS = staff(CLERK, APPROVER, AUDITOR, ADMIN);
const EDITORS = staff(CLERK, ADMIN);

export const PreviewStatementFile = route({
  id: 'PreviewStatementFile',
  method: 'POST',
  path: '/v1/statement-previews',
  entry: 'functions/mappings/preview.ts',
  access: EDITORS,
  tag,
  summary: { vi: 'Xem trước 20 dòng đầu của một tệp sao kê (không lưu gì)', en: 'The first 20 rows of a statement file, to map its columns; nothing is stored' },
  maxBodyBytes: 4 * 1024 * 1024,
  fileBody: { contentTypes: STATEMENT_FILE_TYPES },
  schemas: { query: PreviewQuery, response: StatementPreview },
});

export const CreateStatementMapping = route({
  id: 'CreateStatementMapping',
  method: 'POST',
  path: '/v1/statement-mappings',
  entry: 'functions/mappings/create.ts',
  access: EDITORS,
  tag,
  summary: { vi: 'Lưu cách đọc một mẫu sao kê', en: 'Save a column mapping under a name' },
  idempotent: true,
  schemas: { body: CreateMappingBody, response: StatementMapping, responseStatus: 201 },
});

export const ListStatementMappings = route({
  id: 'ListStatementMappings',
  method: 'GET',
  path: '/v1/statement-mappings',
  entry: 'functions/mappings/list.ts',
  access: READERS,
  tag,
  summary: { vi: 'Các cách đọc sao kê đã lưu', en: 'Saved column mappings' },
  schemas: { response: StatementMappingList },
});

export const GetStatementMapping = route({
  id: 'GetStatementMapping',
  method: 'GET',
  path: '/v1/statement-mappings/{id}',
  entry: 'functions/mappings/get.ts',
  access: READERS,
  tag,
  summary: { vi: 'Một cách đọc sao kê và mọi phiên bản của nó', en: 'A column mapping with every version' },
  schemas: { params: MappingParams, response: StatementMappingWithVersions },
});

export const UpdateStatementMapping = route({
  id: 'UpdateStatementMapping',
  method: 'PUT',
  path: '/v1/statement-mappings/{id}',
  entry: 'functions/mappings/update.ts',
  access: EDITORS,
  tag,
  summary: { vi: 'Sửa một cách đọc sao kê (phiên bản mới)', en: 'Change a column mapping: a new version, from the version you saw' },
  idempotent: true,
  schemas: { params: MappingParams, body: UpdateMappingBody, response: StatementMapping },
});

export const mappingsArea: RouteArea = {
  tag: MAPPINGS_TAG,
  routes: [PreviewStatementFile, CreateStatementMapping, ListStatementMappings, GetStatementMapping, UpdateStatementMapping],
};
