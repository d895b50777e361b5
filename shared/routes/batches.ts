/** Organisations hand over their members' pledges as one list (their API key, or their console sign-in). */
import { BATCH_FILE_TYPES, BatchDetail, BatchListQuery, BatchPage, BatchParams, BatchRowsQuery, BatchView, UploadBatchQuery } from '../schemas/batches';
import { API_KEY, route, type RouteArea, type RouteTag } from './route';

export const BATCHES_TAG: RouteTag = {
  name: 'Batches',
  description: 'Tổ chức nộp danh sách ủng hộ của thành viên / Organisations hand over their members’ pledges as one list',
};
const tag = BATCHES_TAG.name;

export const UploadBatch = route({
  id: 'UploadBatch',
  method: 'POST',
  path: '/v1/org/batches',
  entry: 'functions/batches/upload.ts',
  access: API_KEY,
  tag,
  summary: {
    vi: 'Nộp danh sách ủng hộ (tệp CSV đến 10.000 dòng làm nội dung yêu cầu)',
    en: 'Hand over a list of pledges: the CSV file itself as the body, up to 10,000 rows',
  },
  idempotent: true,
  maxBodyBytes: 4 * 1024 * 1024,
  fileBody: { contentTypes: BATCH_FILE_TYPES },
  schemas: { query: UploadBatchQuery, response: BatchView, responseStatus: 202 },
  responseHeaders: { location: 'The batch: /v1/org/batches/{id}' },
});

export const ListBatches = route({
  id: 'ListBatches',
  method: 'GET',
  path: '/v1/org/batches',
  entry: 'functions/batches/list.ts',
  access: API_KEY,
  tag,
  summary: { vi: 'Các danh sách đã nộp', en: 'The calling organisation’s batches, newest first' },
  schemas: { query: BatchListQuery, response: BatchPage },
});

export const GetBatch = route({
  id: 'GetBatch',
  method: 'GET',
  path: '/v1/org/batches/{batchId}',
  entry: 'functions/batches/get.ts',
  access: API_KEY,
  tag,
  summary: { vi: 'Một danh sách: từng dòng, cam kết của nó và số tiền đã về', en: 'A batch: each row, its pledge and what has arrived against it' },
  schemas: { params: BatchParams, query: BatchRowsQuery, response: BatchDetail },
});

export const ProcessBatch = route({
  id: 'ProcessBatch',
  method: 'POST',
  path: '/v1/org/batches/{batchId}/process',
  entry: 'functions/batches/process.ts',
  access: API_KEY,
  tag,
  summary: { vi: 'Tạo các cam kết của danh sách (gọi lại đến khi xong)', en: 'Make the batch’s pledges; safe to repeat, call again while it answers 202' },
  schemas: { params: BatchParams, response: BatchView },
  alsoAnswers: { 202: { vi: 'Chưa xong: gọi lại để tiếp tục', en: 'Not done yet: call again to continue' } },
});

export const batchesArea: RouteArea = {
  tag: BATCHES_TAG,
  routes: [UploadBatch, ListBatches, GetBatch, ProcessBatch],
};
