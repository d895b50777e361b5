import * as z from 'zod';
import { DISBURSEMENT_STATUSES, FundId, IsoDate, LocalizedText } from './common';

export const BankAccount = z.object({
  bankBin: z.string().regex(/^\d{6}$/),
  bankName: z.string(),
  accountNumber: z.string(),
  accountName: z.string(),
});

export const FundTotals = z
  .object({
    pledged: z.number().int(),
    received: z.number().int(),
    approved: z.number().int(),
    disbursed: z.number().int(),
    balance: z.number().int(),
    available: z.number().int(),
    pledgeCount: z.number().int(),
    receiptCount: z.number().int(),
    donorCount: z.number().int(),
  })
  .meta({ id: 'FundTotals' });

export const Fund = z
  .object({
    fundId: FundId,
    name: LocalizedText,
    description: LocalizedText,
    currency: z.literal('VND'),
    target: z.number().int().optional(),
    bankAccount: BankAccount,
    opensOn: z.string(),
    closesOn: z.string().optional(),
    status: z.enum(['OPEN', 'CLOSED']),
    provinceCode: z.string().optional(),
    totals: FundTotals,
  })
  .meta({ id: 'Fund' });

export const FundList = z.object({ items: z.array(Fund) }).meta({ id: 'FundList' });

export const AdminUnitQuery = z.object({
  province: z
    .string()
    .regex(/^\d{2}$/, { error: 'must be a two-digit province code such as 79' })
    .optional(),
  q: z.string().max(100, { error: 'must be at most 100 characters' }).optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be from 1 to 500' })
    .max(500, { error: 'must be from 1 to 500' })
    .default(50),
});

export const AdminUnit = z
  .object({
    code: z.string(),
    name: z.string(),
    type: z.string(),
    provinceCode: z.string(),
    provinceName: z.string(),
  })
  .meta({ id: 'AdminUnit' });

export const AdminUnitList = z.object({ items: z.array(AdminUnit), total: z.number().int() }).meta({ id: 'AdminUnitList' });

export const WardTotals = z
  .object({
    wardCode: z.string().meta({ example: '26734' }),
    name: z.string().optional().meta({ description: 'Official name of the ward or commune, when known' }),
    provinceCode: z.string().optional(),
    totals: FundTotals,
  })
  .meta({ id: 'WardTotals' });

export const FundWardTotals = z.object({ fundId: FundId, items: z.array(WardTotals) }).meta({ id: 'FundWardTotals' });

export const DayTotals = z
  .object({ day: z.string().meta({ description: 'Calendar day in Vietnam (UTC+7)', example: '2025-09-01' }), totals: FundTotals })
  .meta({ id: 'DayTotals' });

export const FundDayTotals = z.object({ fundId: FundId, items: z.array(DayTotals) }).meta({ id: 'FundDayTotals' });

export const FundDaysQuery = z
  .object({ from: IsoDate.optional(), to: IsoDate.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { error: 'must not be before from', path: ['to'] });

/** Where the money went: an approved or paid disbursement as anyone may see it, without who typed it in. */
export const PublicDisbursement = z
  .object({
    ref: z.string().meta({ example: 'GN5D4PHB9' }),
    beneficiary: z.union([z.object({ wardCode: z.string(), wardName: z.string().optional() }), z.object({ organisation: z.string() })]),
    amount: z.number().int(),
    purpose: z.string(),
    status: z.enum(DISBURSEMENT_STATUSES).meta({ description: 'APPROVED, PAID or CONFIRMED: the list leaves out what was not approved' }),
    approvedAt: z.string().optional(),
    paidAt: z.string().optional(),
    confirmedAt: z.string().optional(),
    evidenceCount: z.number().int(),
  })
  .meta({ id: 'PublicDisbursement' });

export const FundDisbursements = z.object({ items: z.array(PublicDisbursement) }).meta({ id: 'FundDisbursements' });

export const FundDonorsQuery = z.object({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1, { error: 'must be from 1 to 200' }).max(200, { error: 'must be from 1 to 200' }).default(50),
});

/** A donor as published: the name only if the donor allowed it, else "Nhà hảo tâm"; no contact, account or tax code. */
export const PublicDonor = z
  .object({
    name: z.string().meta({ description: 'The name if the donor agreed to publish it, else "Nhà hảo tâm"', example: 'Nhà hảo tâm' }),
    amount: z.number().int().meta({ description: 'The amount pledged, in đồng' }),
    day: z.string().meta({ description: 'The day of the pledge in Vietnam (UTC+7)', example: '2025-09-01' }),
  })
  .meta({ id: 'PublicDonor' });

export const FundDonors = z
  .object({ fundId: FundId, items: z.array(PublicDonor), cursor: z.string().optional().meta({ description: 'Pass it back as `cursor` for older donors; absent at the end' }) })
  .meta({ id: 'FundDonors' });
