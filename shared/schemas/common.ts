import * as z from 'zod';
import { isValidRef } from '../domain/refs';

/** A positive amount in the currency's minor unit (VND has none). */
export const Amount = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number (VND has no minor unit)' })
  .positive({ error: 'must be greater than 0' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'is too large' })
  .meta({ description: 'Amount in the minor unit of the fund currency (VND: đồng)', example: 500000 });

export const SignedAmount = z.number().int().meta({ description: 'Signed amount in the minor unit' });

export const FundId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, { error: 'must be a fund slug such as cuba-2025' })
  .meta({ example: 'cuba-2025' });

export const FundParams = z.object({ fundId: FundId });

export const PledgeRef = z
  .string()
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .refine((s) => /^UH/.test(s) && isValidRef(s), { error: 'must be a pledge reference such as UHV1EWZE1' })
  .meta({ example: 'UHV1EWZE1' });

export const IsoDate = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });
export const IsoDateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with offset' });

export const LocalizedText = z.object({ vi: z.string(), en: z.string() });

export const IdempotencyKey = z
  .string({ error: 'Idempotency-Key header is required' })
  .min(8, { error: 'must be 8 to 128 characters' })
  .max(128, { error: 'must be 8 to 128 characters' })
  .regex(/^[A-Za-z0-9._:-]+$/, { error: 'may hold only letters, digits and . _ : -' });

/** Free text of a form field: trimmed, not empty, at most `max` characters. */
export const Text = (max: number) => z.string().trim().min(1, { error: 'is required' }).max(max, { error: `must be at most ${max} characters` });

export const TaxCode = z.string().regex(/^\d{10}(-\d{3})?$/, { error: 'must be a 10-digit tax code (MST), optionally -NNN' });

/** A request body that names every field it takes: an unknown field is an error naming it. */
export const strictBody = <T extends z.core.$ZodLooseShape>(shape: T, id: string) =>
  z
    .strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : 'must be an object') })
    .meta({ id });

/** Why a person cancels, reverses, rejects or sets aside something: kept in the journal. */
export const ReasonBody = strictBody(
  { reason: z.string().trim().min(3, { error: 'must say why (at least 3 characters)' }).max(500, { error: 'must be at most 500 characters' }) },
  'Reason',
);

export const PledgeStatus = z.enum(['PLEDGED', 'PARTIALLY_RECEIVED', 'FULFILLED', 'CANCELLED']);

/** One field at fault in a problem (400, 422) or a failed statement file. */
export const FieldErrorSchema = z.object({
  path: z.string().meta({ description: 'The field, header or file position at fault: `body.amount`, `query.limit`, `row 4, column "Credit"`' }),
  message: z.string(),
});

/** The states a disbursement moves through (shared/domain/disbursements.ts). */
export const DISBURSEMENT_STATUSES = ['REQUESTED', 'APPROVED', 'PAID', 'CONFIRMED', 'REJECTED', 'CANCELLED'] as const;

/** Who a disbursement pays, as the ledger keeps it. */
export const Beneficiary = z.union([
  z.object({ wardCode: z.string(), wardName: z.string().optional(), provinceCode: z.string().optional() }),
  z.object({ organisation: z.object({ name: z.string(), taxCode: z.string() }) }),
]);

/** A page of a list: `cursor` is there when there is more, and asks for the next page. */
export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), cursor: z.string().optional() });

// Field messages are written for the person filling the form: a missing field says so plainly.
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
    if (issue.code === 'invalid_type') return `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
    return undefined;
  },
});
