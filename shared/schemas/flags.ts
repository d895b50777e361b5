/** Flags on published disbursements and report lines, their public answers, and the moderation queue (DESIGN §7.4). */
import * as z from 'zod';
import { FLAG_ANSWER_MAX, FLAG_CONTACT_MAX, FLAG_REASON_MAX, FLAG_REASON_MIN } from '../domain/flags';
import { isValidRef } from '../domain/refs';
import { FundId, strictBody, Text } from './common';

const DisbursementRefField = z
  .string()
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .refine((s) => /^GN/.test(s) && isValidRef(s), { error: 'must be a disbursement reference such as GN7K2M9QX' });

export const RaiseFlagBody = strictBody(
  {
    disbursementRef: DisbursementRefField.optional().meta({ description: 'The published disbursement flagged (its GN code); or `entryId`' }),
    entryId: z
      .string()
      .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be a journal entry id (26-character ULID) of a line of the fund’s report' })
      .optional()
      .meta({ description: 'The report line flagged (its journal entry id); or `disbursementRef`' }),
    reason: z
      .string()
      .trim()
      .min(FLAG_REASON_MIN, { error: `must say what is wrong (at least ${FLAG_REASON_MIN} characters)` })
      .max(FLAG_REASON_MAX, { error: `must be at most ${FLAG_REASON_MAX} characters` }),
    contact: Text(FLAG_CONTACT_MAX).optional().meta({ description: 'How staff may reach the flagger (phone, e-mail): never published' }),
  },
  'RaiseFlagBody',
).superRefine((body, ctx) => {
  if ((body.disbursementRef === undefined) === (body.entryId === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['disbursementRef'], message: 'give exactly one of disbursementRef and entryId' });
  }
});

export const FlagParams = z.object({ flagId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be a flag id' }) });

export const AnswerFlagBody = strictBody({ text: Text(FLAG_ANSWER_MAX) }, 'AnswerFlagBody');

export const ModerationBody = strictBody({ decision: z.enum(['release', 'reject'], { error: 'must be release or reject' }) }, 'ModerationBody');

const FlagTarget = z.union([z.object({ kind: z.literal('disbursement'), ref: z.string() }), z.object({ kind: z.literal('entry'), entryId: z.string() })]);

const PublicAnswer = z.object({ text: z.string(), at: z.string() });

export const PublicFlag = z
  .object({
    id: z.string(),
    fundId: FundId,
    target: FlagTarget,
    status: z.enum(['OPEN', 'HELD', 'REJECTED']),
    reason: z.string().nullable().meta({ description: 'Masked; null while it awaits moderation or once rejected' }),
    createdAt: z.string(),
    answers: z.array(PublicAnswer),
  })
  .meta({ id: 'PublicFlag' });

export const PublicFlagList = z.object({ items: z.array(PublicFlag) }).meta({ id: 'PublicFlagList' });

export const StaffFlag = PublicFlag.extend({
  reason: z.string(),
  contact: z.string().optional(),
  answers: z.array(PublicAnswer.extend({ answeredBy: z.string() })),
}).meta({ id: 'StaffFlag' });

export const StaffFlagList = z.object({ items: z.array(StaffFlag) }).meta({ id: 'StaffFlagList' });

/** A stranger's pledge whose name awaits moderation. */
export const HeldPledgeName = z.object({ ref: z.string(), fundId: FundId, name: z.string(), message: z.string().optional(), createdAt: z.string() }).meta({ id: 'HeldPledgeName' });

export const ModerationQueue = z.object({ flags: z.array(StaffFlag), pledges: z.array(HeldPledgeName) }).meta({ id: 'ModerationQueue' });

export const PledgeModerationParams = z.object({ ref: z.string().min(3).max(20) });
