/** "Find my transfer": the donor's day, amount and words, and the masked gifts found (DESIGN §7.1). */
import * as z from 'zod';
import { isValidDate } from '../reports/layout';
import { FundId } from './common';
import { InclusionProofs } from './reports';

export const TransferSearchQuery = z.object({
  day: z
    .string({ error: 'required: the day of the transfer in Vietnam, YYYY-MM-DD' })
    .refine(isValidDate, { error: 'must be a date as YYYY-MM-DD' })
    .meta({ description: 'The day of the transfer in Vietnam (the bank’s value date)', example: '2025-09-01' }),
  amount: z.coerce
    .number({ error: 'required: the exact amount in đồng' })
    .int({ error: 'must be a whole number of đồng' })
    .min(1, { error: 'must be at least 1 đồng' })
    .max(Number.MAX_SAFE_INTEGER, { error: 'is too large' })
    .meta({ description: 'The exact amount, in đồng', example: 500000 }),
  q: z
    .string({ error: 'required: a part of the name, the last 3 or more digits of the account, or words of the memo' })
    .max(100, { error: 'must be at most 100 characters' })
    .meta({ description: 'A part of the sender’s name (no diacritics needed), the last 3+ digits of the sending account, or words of the memo', example: 'nguyen van' }),
});

const ReportPlace = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('published'),
    date: z.string(),
    leafIndex: z.number().int(),
    leafHash: z.string(),
    proof: InclusionProofs.meta({ description: 'The inclusion proof of this gift’s leaf, with the signed manifest: check it against the root' }),
  }),
  z.object({
    status: z.literal('pending'),
    date: z.string().meta({ description: 'The report the gift will be in' }),
    publishedAt: z.string().meta({ description: 'When that report is published (00:30 Vietnam time the next day)' }),
  }),
]);

export const TransferSearchResult = z
  .object({
    fundId: FundId,
    day: z.string(),
    amount: z.number().int(),
    results: z.array(
      z.object({
        receiptId: z.string(),
        source: z.enum(['statement', 'receipt']),
        day: z.string(),
        amount: z.number().int(),
        nameInitials: z.string().optional().meta({ description: 'Initials of the sender’s name only', example: 'N. V. A.' }),
        accountTail: z.string().optional().meta({ description: 'The last four digits of the sending account', example: '…6789' }),
        memo: z.string().optional().meta({ description: 'The memo, masked as the reports mask it' }),
        report: ReportPlace,
      }),
    ),
    more: z.boolean().meta({ description: 'More gifts matched than are listed (at most 20): add words or digits' }),
  })
  .meta({ id: 'TransferSearchResult' });
