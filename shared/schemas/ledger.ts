import * as z from 'zod';
import { Amount, FundId, IsoDateTime, PledgeRef } from './common';

const Reason = z.string().trim().min(3, { error: 'must say why (at least 3 characters)' }).max(500, { error: 'must be at most 500 characters' });
const Text = (max: number) => z.string().trim().min(1, { error: 'is required' }).max(max, { error: `must be at most ${max} characters` });
const strict = <T extends z.core.$ZodLooseShape>(shape: T, id: string) =>
  z
    .strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : 'must be an object') })
    .meta({ id });

export const RecordReceiptBody = strict(
  {
    fundId: FundId,
    amount: Amount,
    receivedAt: IsoDateTime,
    method: z.enum(['bank', 'cash'], { error: 'must be "bank" or "cash"' }),
    bankRef: Text(64).optional(),
    payerName: Text(200).optional(),
    pledgeRef: PledgeRef.optional(),
  },
  'RecordReceipt',
);
export type RecordReceiptInput = z.infer<typeof RecordReceiptBody>;

export const ReasonBody = strict({ reason: Reason }, 'Reason');

export const IdParams = z.object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be an id (ULID)' }) });
export const RefParams = z.object({
  ref: z
    .string()
    .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
    .refine((s) => /^UH[0-9A-HJKMNP-TV-Z]{7}$/.test(s), { error: 'must be a pledge reference such as UHV1EWZE1' }),
});

const TaxCode = z.string().regex(/^\d{10}(-\d{3})?$/, { error: 'must be a 10-digit tax code (MST), optionally -NNN' });

export const RequestDisbursementBody = strict(
  {
    fundId: FundId,
    beneficiary: z.union(
      [
        z.strictObject({ wardCode: z.string().regex(/^\d{5}$/, { error: 'must be a 5-digit commune code' }) }),
        z.strictObject({ organisation: z.strictObject({ name: Text(200), taxCode: TaxCode }) }),
      ],
      { error: 'must be { wardCode } or { organisation: { name, taxCode } }' },
    ),
    amount: Amount,
    purpose: Text(500),
  },
  'RequestDisbursement',
);
export type RequestDisbursementInput = z.infer<typeof RequestDisbursementBody>;

export const PayBody = strict({ bankRef: Text(64), paidAt: IsoDateTime }, 'PayDisbursement');
export const ConfirmBody = strict({ confirmedBy: Text(200), note: z.string().max(1000).default('') }, 'ConfirmDisbursement');
export const EmptyBody = z.strictObject({}).meta({ id: 'Empty' });

export const DisbursementParams = z.object({
  id: z
    .string()
    .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
    .refine((s) => /^GN[0-9A-HJKMNP-TV-Z]{7}$/.test(s) || /^[0-9A-HJKMNP-TV-Z]{26}$/.test(s), {
      error: 'must be a disbursement reference (GN…) or id',
    }),
});

export const EvidenceBody = strict(
  {
    fileName: Text(200),
    contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png'], { error: 'must be application/pdf, image/jpeg or image/png' }),
    size: z.number().int().positive().max(10 * 1024 * 1024, { error: 'must be at most 10 MB' }),
  },
  'EvidenceUpload',
);

/** The states a disbursement moves through (shared/domain/disbursements.ts), for filtering staff lists. */
export const DISBURSEMENT_STATUSES = ['REQUESTED', 'APPROVED', 'PAID', 'CONFIRMED', 'REJECTED', 'CANCELLED'] as const;

export const ListDisbursementsQuery = z.object({
  fundId: FundId,
  status: z.enum(DISBURSEMENT_STATUSES, { error: `must be one of ${DISBURSEMENT_STATUSES.join(', ')}` }).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1, { error: 'must be from 1 to 500' }).max(500, { error: 'must be from 1 to 500' }).default(100),
});

export const JournalQuery = z.object({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1, { error: 'must be from 1 to 500' }).max(500, { error: 'must be from 1 to 500' }).default(100),
});

export const EntityRefParams = z.object({
  entityRef: z
    .string()
    .transform((s) => s.toUpperCase())
    .refine((s) => /^(UH|GN)[0-9A-HJKMNP-TV-Z]{7}$/.test(s) || /^[0-9A-HJKMNP-TV-Z]{26}$/.test(s), {
      error: 'must be a UH/GN reference or a receipt id',
    }),
});

export const CreateOrganisationBody = strict(
  { name: Text(200), taxCode: TaxCode.optional(), contactEmail: z.email({ error: 'must be an email address' }).optional() },
  'CreateOrganisation',
);
export const CreateApiKeyBody = strict({ label: Text(100) }, 'CreateApiKey');
export const OrgParams = z.object({ orgId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be an organisation id' }) });

export const AnyObject = z.record(z.string(), z.unknown());
