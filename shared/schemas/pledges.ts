import * as z from 'zod';
import { Amount, FundId, IsoDate, IsoDateTime, PledgeStatus, strictBody } from './common';

export const Donor = z.object({
  type: z.enum(['organisation', 'individual'], { error: 'must be "organisation" or "individual"' }),
  name: z.string().trim().min(1, { error: 'is required' }).max(200, { error: 'must be at most 200 characters' }),
  taxCode: z
    .string()
    .regex(/^\d{10}(-\d{3})?$/, { error: 'must be a 10-digit tax code (MST), optionally -NNN' })
    .optional(),
  email: z.email({ error: 'must be an email address' }).max(254).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 .-]{8,20}$/, { error: 'must be a phone number' })
    .optional(),
});

export const CreatePledgeBody = z
  .strictObject(
    {
      fundId: FundId,
      donor: Donor,
      amount: Amount,
      dueDate: IsoDate.optional(),
      publishName: z.boolean({ error: 'must be true or false' }),
      message: z.string().max(500, { error: 'must be at most 500 characters' }).optional(),
      accountNumber: z
        .string()
        .regex(/^\d{6,19}$/, { error: 'must be the number of one of the fund’s accounts' })
        .optional()
        .meta({ description: 'Which of the fund’s accounts the donor will pay into (default: its first); the VietQR names it' }),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : 'must be an object') },
  )
  .meta({ id: 'CreatePledge' });

export type CreatePledgeInput = z.infer<typeof CreatePledgeBody>;

export { PledgeStatus };

export const PaymentInstructions = z.object({
  bankBin: z.string(),
  bankName: z.string(),
  accountNumber: z.string(),
  accountName: z.string(),
  memo: z.string(),
  vietQr: z.string().meta({ description: 'NAPAS VietQR (EMVCo) payload' }),
});

export const PledgeCreated = z
  .object({
    id: z.string(),
    ref: z.string(),
    fundId: FundId,
    amount: z.number().int(),
    currency: z.literal('VND'),
    status: PledgeStatus,
    createdAt: IsoDateTime,
    payment: PaymentInstructions,
  })
  .meta({ id: 'PledgeCreated' });

export const PledgeRefParams = z.object({
  ref: z
    .string()
    .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
    .refine((s) => /^UH[0-9A-HJKMNP-TV-Z]{7}$/.test(s), { error: 'must be a pledge reference such as UHV1EWZE1' }),
});

export const PublicPledge = z
  .object({
    ref: z.string(),
    fundId: FundId,
    fundName: z.object({ vi: z.string(), en: z.string() }),
    amount: z.number().int(),
    received: z.number().int(),
    currency: z.literal('VND'),
    status: PledgeStatus,
    donorName: z.string().meta({ description: 'The name if the donor agreed to publish it, else "Nhà hảo tâm"' }),
    createdAt: IsoDateTime,
    payment: PaymentInstructions.meta({ description: 'How to pay: the account the donor chose, the memo, the VietQR payload (none of it personal data)' }),
  })
  .meta({ id: 'PublicPledge' });

/** A pledge as staff see it: the donor's details as given, and the pledge's state. */
export const Pledge = z
  .object({
    id: z.string(),
    ref: z.string().meta({ example: 'UHV1EWZE1' }),
    fundId: FundId,
    donor: Donor,
    amount: z.number().int(),
    received: z.number().int(),
    currency: z.literal('VND'),
    dueDate: IsoDate.optional(),
    publishName: z.boolean(),
    message: z.string().optional(),
    account: z.object({ bankBin: z.string(), accountNumber: z.string() }).optional().meta({ description: 'The account the donor chose to pay into' }),
    status: PledgeStatus,
    createdAt: IsoDateTime,
    createdBy: z.string().meta({ description: 'The journal actor: `public`, `org:<id>` or `staff:<user>`' }),
    version: z.number().int(),
    nameModeration: z.enum(['HELD', 'RELEASED', 'REJECTED']).optional().meta({ description: 'A stranger’s name the moderation list held, and what staff decided' }),
    nameWithdrawn: z.literal(true).optional().meta({ description: 'Name withdrawn from publication' }),
  })
  .meta({ id: 'Pledge' });

export const WithdrawNameBody = strictBody(
  {
    contact: z.string().trim().min(3, { error: 'must be the e-mail or phone given when pledging' }).max(254).meta({ description: 'The e-mail or phone given when pledging' }),
  },
  'WithdrawName',
);

export const NameWithdrawn = z
  .object({
    ref: z.string(),
    nameWithdrawn: z.literal(true),
    namesFilesRewritten: z.number().int().meta({ description: "Published reports' names files rewritten without the name" }),
  })
  .meta({ id: 'NameWithdrawn' });
