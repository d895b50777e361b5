/**
 * What a committee sends to run a campaign (DESIGN §12): committees, funds and their lifecycle,
 * the allocation plan, goods received and handed over. Each body names every field it takes.
 */
import * as z from 'zod';
import { BANKS } from '../domain/banks';
import { COMMITTEE_ID } from '../domain/committees';
import { FUND_KINDS } from '../domain/funds';
import { GOODS_UNITS, hasAtMostThreeDecimals } from '../domain/goods';
import { accountProblems } from '../domain/funds';
import { Amount, FundId, IsoDate, IsoDateTime, strictBody, Text } from './common';
import { Fund } from './funds';

export const CommitteeId = z.string().regex(COMMITTEE_ID, { error: 'must be a committee id such as vn-79 or vn-79-26740' }).meta({ example: 'vn-79-26740' });
export const CommitteeParams = z.object({ committeeId: CommitteeId });

const Bilingual = (max: number) => z.strictObject({ vi: Text(max), en: Text(max) }, { error: 'must be { vi, en }' });

export const CreateCommitteeBody = strictBody({ committeeId: CommitteeId, name: Bilingual(200), parentId: CommitteeId }, 'CreateCommittee');

export const Committee = z
  .object({
    committeeId: z.string(),
    name: z.object({ vi: z.string(), en: z.string() }),
    parentId: z.string().optional(),
    path: z.array(z.string()).meta({ description: 'The committee’s ancestors, the central committee first, itself last' }),
    unitCode: z.string().optional().meta({ description: 'The official code of its unit: 2 digits for a province, 5 for a ward or commune' }),
    level: z.enum(['central', 'province', 'ward', 'other']),
    createdAt: z.string().optional(),
    createdBy: z.string().optional(),
  })
  .meta({ id: 'Committee' });

export const CommitteeList = z.object({ items: z.array(Committee) }).meta({ id: 'CommitteeList' });
export const CommitteeQuery = z.object({ parentId: CommitteeId.optional() });

export const FundCode = z.string().regex(/^[A-Za-z0-9._/-]{1,64}$/, { error: 'must be 1 to 64 letters, digits or . _ / -' }).meta({ example: 'MTTQ-HCM/2025/CUBA' });

const BINS = BANKS.map((bank) => bank.bin);

/** An account a fund publishes: the bank by its VietQR BIN (its name comes from the bank list), the number, the holder. */
export const BankAccountInput = z
  .strictObject(
    {
      bankBin: z.string().refine((bin) => BINS.includes(bin), { error: `must be the BIN of a bank in the VietQR list (${BINS.slice(0, 4).join(', ')}, …)` }),
      accountNumber: z.string().regex(/^\d{6,19}$/, { error: 'must be 6 to 19 digits' }),
      accountName: Text(200),
    },
    { error: 'must be { bankBin, accountNumber, accountName }' },
  )
  .check((ctx) => {
    if (!BINS.includes(ctx.value.bankBin) || !/^\d{6,19}$/.test(ctx.value.accountNumber)) return;
    for (const problem of accountProblems({ ...ctx.value, bankName: '' })) ctx.issues.push({ code: 'custom', input: ctx.value, path: [problem.field], message: problem.message });
  })
  .meta({ id: 'BankAccountInput' });

const BankAccounts = z
  .array(BankAccountInput)
  .min(1, { error: 'must list at least one account (Decree 93/2021: a separate account per campaign)' })
  .max(10, { error: 'must list at most 10 accounts' })
  .check((ctx) => {
    const seen = new Set<string>();
    ctx.value.forEach((account, index) => {
      const key = `${account.bankBin}/${account.accountNumber}`;
      if (seen.has(key)) ctx.issues.push({ code: 'custom', input: ctx.value, path: [index, 'accountNumber'], message: 'is listed twice' });
      seen.add(key);
    });
  });

const Receiving = z
  .strictObject({ opensAt: IsoDateTime, closesAt: IsoDateTime.optional() }, { error: 'must be { opensAt, closesAt? }' })
  .refine((w) => !w.closesAt || Date.parse(w.closesAt) > Date.parse(w.opensAt), { error: 'must be after opensAt', path: ['closesAt'] });

export const CreateFundBody = strictBody(
  {
    fundId: FundId,
    code: FundCode,
    name: Bilingual(200),
    purpose: Bilingual(2000),
    kind: z.enum(FUND_KINDS, { error: 'must be money, goods or both' }),
    target: Amount,
    bankAccounts: BankAccounts,
    receiving: Receiving,
    distributionDeadline: IsoDate,
    committeeId: CommitteeId,
    provinceCode: z.string().regex(/^\d{2}$/, { error: 'must be a two-digit province code such as 79' }).optional(),
  },
  'CreateFund',
).refine((body) => body.distributionDeadline >= body.receiving.opensAt.slice(0, 10), { error: 'must not be before the receiving window opens', path: ['distributionDeadline'] });

const ExpectedVersion = z.number({ error: 'must be the version you edited (a whole number)' }).int().min(1);

export const EditFundBody = strictBody(
  {
    expectedVersion: ExpectedVersion,
    name: Bilingual(200).optional(),
    purpose: Bilingual(2000).optional(),
    kind: z.enum(FUND_KINDS, { error: 'must be money, goods or both' }).optional(),
    target: Amount.optional(),
    bankAccounts: BankAccounts.optional(),
    receiving: Receiving.optional(),
    distributionDeadline: IsoDate.optional(),
    provinceCode: z.string().regex(/^\d{2}$/, { error: 'must be a two-digit province code such as 79' }).optional(),
  },
  'EditFund',
).refine((body) => Object.keys(body).some((key) => key !== 'expectedVersion'), { error: 'must change at least one field', path: [] });

export const OpenFundBody = strictBody({ expectedVersion: ExpectedVersion.optional() }, 'OpenFund');
export const CloseReceivingBody = strictBody(
  {
    expectedVersion: ExpectedVersion.optional(),
    reason: Text(500).optional(),
    closesAt: IsoDateTime.optional().meta({ description: 'When receiving ends (default: now); never earlier than the pledge path’s cache allows' }),
  },
  'CloseReceiving',
);
export const CloseFundBody = strictBody({ expectedVersion: ExpectedVersion.optional(), reason: Text(500) }, 'CloseFund');

const WardCode = z.string().regex(/^\d{5}$/, { error: 'must be a 5-digit commune or ward code' });

export const SetPlanBody = strictBody(
  {
    items: z
      .array(z.strictObject({ wardCode: WardCode, amount: z.number({ error: 'must be a number' }).int({ error: 'must be a whole number of đồng' }).min(0, { error: 'must not be negative' }).max(Number.MAX_SAFE_INTEGER) }, { error: 'must be { wardCode, amount }' }))
      .max(3321, { error: 'must list at most the 3,321 communes and wards' })
      .check((ctx) => {
        const seen = new Set<string>();
        ctx.value.forEach((item, index) => {
          if (seen.has(item.wardCode)) ctx.issues.push({ code: 'custom', input: ctx.value, path: [index, 'wardCode'], message: 'is listed twice' });
          seen.add(item.wardCode);
        });
      }),
    expectedVersion: z.number().int().min(0).optional().meta({ description: 'The plan version you edited (0: no plan yet); a plan changed since is a 409' }),
  },
  'SetPlan',
);

const Quantity = z
  .number({ error: 'must be a number' })
  .positive({ error: 'must be greater than 0' })
  .max(1e12, { error: 'is too large' })
  .refine(hasAtMostThreeDecimals, { error: 'must have at most three decimals' });

export const RecordGoodsBody = strictBody(
  {
    description: Text(500),
    unit: z.enum(GOODS_UNITS, { error: `must be one of ${GOODS_UNITS.join(', ')}` }),
    quantity: Quantity,
    estimatedValue: z.number({ error: 'must be a number' }).int({ error: 'must be a whole number of đồng' }).min(0, { error: 'must not be negative' }).max(Number.MAX_SAFE_INTEGER),
    donor: z.strictObject(
      {
        type: z.enum(['organisation', 'individual'], { error: 'must be "organisation" or "individual"' }),
        name: Text(200),
        publishName: z.boolean({ error: 'must be true or false' }),
      },
      { error: 'must be { type, name, publishName }' },
    ),
    receivingPoint: Text(300),
    receivedAt: IsoDateTime,
  },
  'RecordGoods',
);

export const HandoverBody = strictBody(
  {
    wardCode: WardCode,
    quantity: Quantity,
    receivedBy: Text(200),
    handedOverAt: IsoDateTime,
    note: Text(500).optional(),
  },
  'HandOverGoods',
);

export const GoodsLotParams = z.object({ fundId: FundId, lotId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be a goods lot id' }) });

export const GoodsLot = z
  .object({
    id: z.string(),
    fundId: FundId,
    description: z.string(),
    unit: z.enum(GOODS_UNITS),
    quantityMilli: z.number().int().meta({ description: 'Received, in thousandths of the unit' }),
    remainingMilli: z.number().int(),
    estimatedValue: z.number().int(),
    remainingValue: z.number().int(),
    donor: z.object({ type: z.enum(['organisation', 'individual']), name: z.string(), publishName: z.boolean() }),
    receivingPoint: z.string(),
    receivedAt: z.string(),
    late: z.boolean(),
    recordedBy: z.string(),
    recordedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'GoodsLot' });

export const GoodsHandover = z
  .object({
    id: z.string(),
    fundId: FundId,
    lotId: z.string(),
    description: z.string(),
    unit: z.enum(GOODS_UNITS),
    wardCode: z.string(),
    wardName: z.string(),
    quantityMilli: z.number().int(),
    estimatedValue: z.number().int(),
    receivedBy: z.string(),
    handedOverAt: z.string(),
    note: z.string().optional(),
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: 'GoodsHandover' });

/** A fund as its committee's staff see it: the public view, and who made and last changed it. */
export const StaffFund = Fund.extend({ createdBy: z.string().optional(), updatedBy: z.string().optional() }).meta({ id: 'StaffFund' });
export const StaffFundList = z.object({ items: z.array(StaffFund) }).meta({ id: 'StaffFundList' });

export const PlanSaved = z
  .object({
    fundId: FundId,
    version: z.number().int(),
    status: z.enum(['APPLYING', 'COMPLETE']),
    wardCount: z.number().int(),
    total: z.number().int(),
    changedWards: z.number().int().meta({ description: 'Wards whose planned amount this request changed' }),
    updatedAt: z.string(),
  })
  .meta({ id: 'PlanSaved' });
