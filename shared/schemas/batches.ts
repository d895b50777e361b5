/** Organisations' batches of pledges (DESIGN §12.5): the upload, its progress, and each row's pledge. */
import * as z from 'zod';
import { FieldErrorSchema, FundId, page, PledgeStatus, Text } from './common';

export const BATCH_FILE_TYPES = ['text/csv', 'application/vnd.ms-excel', 'text/plain', 'application/octet-stream'] as const;

export const UploadBatchQuery = z.object({ fundId: FundId, fileName: Text(200) });
export const BatchParams = z.object({ batchId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be a batch id' }) });
export const BatchListQuery = z.object({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1, { error: 'must be from 1 to 100' }).max(100, { error: 'must be from 1 to 100' }).default(20),
});
export const BatchRowsQuery = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,4}$/, { error: 'is not a cursor from this list' })
    .optional()
    .meta({ description: 'The next page of rows, as the previous page gave it' }),
});

export const BatchView = z
  .object({
    id: z.string(),
    orgId: z.string(),
    fundId: FundId,
    fileName: z.string(),
    status: z.enum(['QUEUED', 'PROCESSING', 'COMPLETED']),
    rows: z.number().int().meta({ description: 'Data rows in the file' }),
    accepted: z.number().int(),
    rejected: z.number().int(),
    errors: z.array(FieldErrorSchema).meta({ description: 'The rejected rows’ problems, by row and column (the first 1,000)' }),
    processed: z.number().int().meta({ description: 'Accepted rows whose pledge has been made or found' }),
    created: z.number().int().meta({ description: 'Pledges this batch created' }),
    existing: z.number().int().meta({ description: 'Rows whose pledge an earlier upload had created already' }),
    refused: z.number().int().meta({ description: 'Rows whose pledge could not be made (see each row’s problem)' }),
    uploadedAt: z.string(),
    completedAt: z.string().optional(),
  })
  .meta({ id: 'Batch' });

export const BatchRowView = z
  .object({
    rowNo: z.number().int(),
    donorName: z.string(),
    amount: z.number().int(),
    externalRef: z.string().optional(),
    outcome: z.enum(['created', 'existing', 'conflict', 'refused']).optional(),
    problem: z.string().optional(),
    ref: z.string().optional().meta({ description: 'The pledge’s reference code, once made' }),
    status: PledgeStatus.optional(),
    received: z.number().int().optional().meta({ description: 'What has arrived against the pledge' }),
  })
  .meta({ id: 'BatchRow' });

export const BatchDetail = BatchView.extend({ rows: page(BatchRowView) }).meta({ id: 'BatchDetail' });
export const BatchPage = page(BatchView).meta({ id: 'BatchPage' });
