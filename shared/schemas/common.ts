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

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

// Field messages are written for the person filling the form: a missing field says so plainly.
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
    if (issue.code === 'invalid_type') return `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
    return undefined;
  },
});
