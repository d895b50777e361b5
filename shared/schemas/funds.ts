import * as z from 'zod';
import { FUND_KINDS, FUND_STATUSES } from '../domain/funds';
import { DISBURSEMENT_STATUSES, FundId, IsoDate, LocalizedText } from './common';

export const BankAccount = z
  .object({
    bankBin: z.string().regex(/^\d{6}$/),
    bankName: z.string(),
    accountNumber: z.string(),
    accountName: z.string(),
  })
  .meta({ id: 'BankAccount' });

export const FundTotals = z
  .object({
    pledged: z.number().int(),
    received: z.number().int(),
    approved: z.number().int(),
    disbursed: z.number().int(),
    confirmed: z.number().int().meta({ description: 'Paid and confirmed by the receiving ward' }),
    planned: z.number().int().meta({ description: 'Planned for wards: the whole plan for a fund, one ward’s for a ward' }),
    goodsReceived: z.number().int().meta({ description: 'Estimated value of goods received, in đồng' }),
    goodsHandedOver: z.number().int().meta({ description: 'Estimated value of goods handed over, in đồng' }),
    balance: z.number().int(),
    available: z.number().int(),
    pledgeCount: z.number().int(),
    receiptCount: z.number().int(),
    donorCount: z.number().int(),
  })
  .meta({ id: 'FundTotals' });

export const FundDeadline = z
  .object({
    kind: z.enum(['receiving-opens', 'receiving-closes', 'distribution']),
    at: z.string().meta({ description: 'The instant it passes (for the distribution deadline, the end of its day in Vietnam)' }),
    daysLeft: z.number().int().meta({ description: 'Whole days left; negative once passed' }),
    passed: z.boolean(),
  })
  .meta({ id: 'FundDeadline' });

/** A fund as anyone may see it: every fund reads the same way, whenever it was made (defaults filled in). */
export const Fund = z
  .object({
    fundId: FundId,
    code: z.string().meta({ description: 'The committee’s own book code for the fund' }),
    name: LocalizedText,
    description: LocalizedText.meta({ description: 'The fund’s purpose' }),
    kind: z.enum(FUND_KINDS),
    currency: z.literal('VND'),
    target: z.number().int().optional(),
    bankAccount: BankAccount.meta({ description: 'The first of bankAccounts' }),
    bankAccounts: z.array(BankAccount),
    opensOn: z.string(),
    closesOn: z.string().optional(),
    receiving: z.object({ opensAt: z.string(), closesAt: z.string().optional() }).meta({ description: 'The receiving window: pledges are taken from opensAt until before closesAt' }),
    distributionDeadline: IsoDate.optional(),
    status: z.enum(FUND_STATUSES),
    acceptsPledges: z.boolean().meta({ description: 'Whether the fund takes a pledge now' }),
    deadlines: z.array(FundDeadline),
    provinceCode: z.string().optional(),
    committeeId: z.string(),
    committeePath: z.array(z.string()),
    version: z.number().int(),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
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

/** A range of days, either end open; `to` not before `from`. */
export const DAY_RANGE = { from: IsoDate.optional(), to: IsoDate.optional() };
export const inDayOrder = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;
export const DAY_ORDER: { error: string; path: string[] } = { error: 'must not be before from', path: ['to'] };

export const FundDaysQuery = z.object(DAY_RANGE).refine(inDayOrder, DAY_ORDER);

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
    evidence: z
      .array(z.object({ fileName: z.string(), contentType: z.string(), sha256: z.string().optional(), addedAt: z.string() }))
      .meta({ description: 'The evidence file and the SHA-256 journaled when it was filed (absent for files filed before hashes were taken)' }),
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

/** Plan against what happened, per ward (DESIGN §12.3): what anyone may see. */
export const PlanWardView = z
  .object({
    wardCode: z.string().meta({ example: '26740' }),
    wardName: z.string(),
    provinceCode: z.string().optional(),
    planned: z.number().int(),
    committed: z.number().int().meta({ description: 'Approved and paid to the ward' }),
    approved: z.number().int().meta({ description: 'Approved, not yet paid' }),
    disbursed: z.number().int(),
    confirmed: z.number().int(),
  })
  .meta({ id: 'PlanWard' });

export const FundPlan = z
  .object({
    fundId: FundId,
    version: z.number().int().meta({ description: '0: the fund has no plan' }),
    status: z.enum(['APPLYING', 'COMPLETE']),
    wardCount: z.number().int(),
    total: z.number().int(),
    updatedAt: z.string().optional(),
    items: z.array(PlanWardView),
  })
  .meta({ id: 'FundPlan' });

/** Goods of a fund as anyone may see them: donors only as they allowed, totals per unit in thousandths. */
export const FundGoods = z
  .object({
    fundId: FundId,
    units: z.array(
      z.object({
        unit: z.string(),
        receivedMilli: z.number().int(),
        handedOverMilli: z.number().int(),
        remainingMilli: z.number().int(),
        receivedValue: z.number().int(),
        handedOverValue: z.number().int(),
      }),
    ),
    lots: z.array(
      z.object({
        id: z.string(),
        description: z.string(),
        unit: z.string(),
        quantityMilli: z.number().int(),
        remainingMilli: z.number().int(),
        estimatedValue: z.number().int(),
        donorName: z.string(),
        receivingPoint: z.string(),
        receivedAt: z.string(),
        late: z.boolean(),
      }),
    ),
    handovers: z.array(
      z.object({
        id: z.string(),
        lotId: z.string(),
        description: z.string(),
        unit: z.string(),
        wardCode: z.string(),
        wardName: z.string(),
        quantityMilli: z.number().int(),
        estimatedValue: z.number().int(),
        receivedBy: z.string(),
        handedOverAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'FundGoods' });
