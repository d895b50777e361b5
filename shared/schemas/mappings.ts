/** Saved column mappings for bank exports the importer does not know (DESIGN §9.6), and the preview a clerk maps from. */
import * as z from 'zod';
import { ColumnMappingSchema } from '../domain/statements/formats';
import { FundId, strictBody } from './common';

export const MappingId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be a mapping id (ULID)' });
export const MappingParams = z.object({ id: MappingId });

const Name = z.string().trim().min(2, { error: 'must be at least 2 characters' }).max(100, { error: 'must be at most 100 characters' });
const Header = z.array(z.string().max(200)).min(2, { error: 'must hold the header row (at least 2 columns)' }).max(60, { error: 'must be at most 60 columns' });

export const CreateMappingBody = strictBody({ fundId: FundId, name: Name, header: Header, mapping: ColumnMappingSchema }, 'CreateStatementMapping');

export const UpdateMappingBody = strictBody(
  {
    version: z.number({ error: 'must be the version you are changing' }).int().positive(),
    name: Name.optional(),
    header: Header.optional(),
    mapping: ColumnMappingSchema.optional(),
  },
  'UpdateStatementMapping',
);

const MappingShape = {
  id: z.string(),
  fundId: FundId,
  name: z.string(),
  header: z.array(z.string()),
  mapping: z.object({
    date: z.string(),
    time: z.string().optional(),
    reference: z.string().optional(),
    amount: z.string().optional(),
    debit: z.string().optional(),
    credit: z.string().optional(),
    memo: z.string(),
    balance: z.string().optional(),
    counterparty: z.string().optional(),
    dateFormat: z.enum(['dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy-mm-dd']),
    decimal: z.enum([',', '.', 'auto']),
  }),
  version: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
};

export const StatementMapping = z.object(MappingShape).meta({ id: 'StatementMapping' });
export const StatementMappingWithVersions = z
  .object({ ...MappingShape, versions: z.array(z.object(MappingShape)).meta({ description: 'Every version as it was saved, oldest first' }) })
  .meta({ id: 'StatementMappingWithVersions' });
export const StatementMappingList = z.object({ items: z.array(StatementMapping) }).meta({ id: 'StatementMappingList' });

export const PreviewQuery = z.object({ fileName: z.string().max(200).optional() });

export const StatementPreview = z
  .object({
    rows: z.array(z.array(z.string())).meta({ description: 'The first 20 rows, cells as text' }),
    recognised: z
      .object({ row: z.number().int(), format: z.string(), label: z.string() })
      .optional()
      .meta({ description: 'The header row and layout the importer already recognises, if any' }),
  })
  .meta({ id: 'StatementPreview' });
