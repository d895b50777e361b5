import * as z from 'zod';
import { Amount, Beneficiary, DISBURSEMENT_STATUSES, FundId, IsoDateTime, page, PledgeRef, strictBody as strict, TaxCode, Text } from './common';
import { JOURNAL_ENTITY_TYPES } from '../domain/journal';
import { JournalDeltas } from './journal';

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

export const IdParams = z.object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be an id (ULID)' }) });

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

export const PayBody = strict(
  {
    bankRef: Text(64),
    paidAt: IsoDateTime,
    accountNumber: z.string().regex(/^\d{4,20}$/, { error: 'must be the digits of one of the fund’s account numbers' }).optional().meta({ description: 'The fund’s account paid from; its first account when absent' }),
  },
  'PayDisbursement',
);
export const ConfirmBody = strict({ confirmedBy: Text(200), note: z.string().max(1000).default('') }, 'ConfirmDisbursement');
export const EmptyBody = z.strictObject({}).meta({ id: 'Empty' });

/** An approval, with the approver's explicit override when the request goes beyond the ward's plan. */
export const ApproveBody = strict(
  {
    reason: z.string().trim().min(3, { error: 'must say why (at least 3 characters)' }).max(500, { error: 'must be at most 500 characters' }).optional(),
    overridePlan: z.boolean({ error: 'must be true or false' }).optional(),
  },
  'ApproveDisbursement',
).refine((body) => !body.overridePlan || Boolean(body.reason), { error: 'is required to approve beyond the plan', path: ['reason'] });

export const DisbursementParams = z.object({
  id: z
    .string()
    .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
    .refine((s) => /^GN[0-9A-HJKMNP-TV-Z]{7}$/.test(s) || /^[0-9A-HJKMNP-TV-Z]{26}$/.test(s), {
      error: 'must be a disbursement reference (GN…) or id',
    }),
});

/** Hex SHA-256 of a file's bytes. */
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be the file’s SHA-256, 64 lowercase hex digits' });

export const EvidenceBody = strict(
  {
    fileName: Text(200),
    sha256: Sha256,
    contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png'], { error: 'must be application/pdf, image/jpeg or image/png' }),
    size: z.number().int().positive().max(10 * 1024 * 1024, { error: 'must be at most 10 MB' }),
  },
  'EvidenceUpload',
);

export const ListDisbursementsQuery = z.object({
  fundId: FundId.optional().meta({ description: 'One fund; without it, every fund the caller may act on (an approver’s queue across funds)' }),
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

// What the ledger's routes answer with: the records as staff see them.

const Actor = z.string().meta({ description: 'Who did it: `staff:<user>`, `org:<orgId>`, `public` or `bank:<statementId>`' });

export const Receipt = z
  .object({
    id: z.string(),
    fundId: FundId,
    amount: z.number().int(),
    receivedAt: z.string(),
    method: z.enum(['bank', 'cash']),
    bankRef: z.string().optional(),
    payerName: z.string().optional(),
    pledgeRef: z.string().optional(),
    pledgeId: z.string().optional(),
    statementLineId: z.string().optional().meta({ description: 'The statement line it came from, when imported from a bank statement' }),
    memo: z.string().optional(),
    flags: z.array(z.enum(['OVERPAID', 'PARTIAL', 'LATE'])).meta({ description: 'How the payment compares with its pledge; LATE: it arrived after the receiving window' }),
    status: z.enum(['RECORDED', 'REVERSED']),
    recordedBy: Actor,
    recordedAt: z.string(),
    reversedBy: Actor.optional(),
    reversedAt: z.string().optional(),
    reversalReason: z.string().optional(),
    version: z.number().int(),
  })
  .meta({ id: 'Receipt' });

export const Disbursement = z
  .object({
    id: z.string(),
    ref: z.string().meta({ example: 'GN5D4PHB9' }),
    fundId: FundId,
    beneficiary: Beneficiary,
    amount: z.number().int(),
    purpose: z.string(),
    status: z.enum(DISBURSEMENT_STATUSES),
    requestedBy: Actor,
    requestedAt: z.string(),
    approvedBy: Actor.optional(),
    approvedAt: z.string().optional(),
    rejectedBy: Actor.optional(),
    rejectionReason: z.string().optional(),
    paidBy: Actor.optional(),
    paidAt: z.string().optional(),
    bankRef: z.string().optional(),
    confirmedBy: z.string().optional(),
    confirmedAt: z.string().optional(),
    confirmationNote: z.string().optional(),
    cancelledBy: Actor.optional(),
    cancelledAt: z.string().optional(),
    beyondPlan: z
      .object({ planned: z.number().int(), committed: z.number().int(), excess: z.number().int() })
      .optional()
      .meta({ description: 'The request goes beyond what remains of the ward’s plan by `excess`: approving it needs overridePlan' }),
    planOverride: z
      .object({ by: Actor, at: z.string(), reason: z.string(), excess: z.number().int() })
      .optional()
      .meta({ description: 'The approver’s explicit override of the plan' }),
    evidence: z
      .array(z.object({ key: z.string(), fileName: z.string(), contentType: z.string(), sha256: Sha256.optional(), addedBy: Actor, addedAt: z.string() }))
      .meta({ description: 'At most one file: the first upload wins' }),
    version: z.number().int(),
  })
  .meta({ id: 'Disbursement' });

export const DisbursementPage = page(Disbursement).meta({ id: 'DisbursementPage' });

/** A presigned PUT for the evidence file: send the file there, with these headers, before it expires. */
export const EvidenceAdded = z
  .object({
    disbursement: Disbursement,
    upload: z.object({
      url: z.string(),
      method: z.literal('PUT'),
      key: z.string(),
      expiresIn: z.number().int().meta({ description: 'Seconds the URL stays valid' }),
      headers: z
        .object({ 'content-type': z.string(), 'x-amz-checksum-sha256': z.string() })
        .meta({ description: 'Send exactly these: S3 refuses a file of another type, size or SHA-256' }),
    }),
  })
  .meta({ id: 'EvidenceAdded' });

export const JOURNAL_ENTRY_TYPES = [
  'PLEDGE_MADE',
  'PLEDGE_CANCELLED',
  'RECEIPT_RECORDED',
  'RECEIPT_REVERSED',
  'DISBURSEMENT_REQUESTED',
  'DISBURSEMENT_APPROVED',
  'DISBURSEMENT_REJECTED',
  'DISBURSEMENT_PAID',
  'DISBURSEMENT_CONFIRMED',
  'DISBURSEMENT_CANCELLED',
  'DISBURSEMENT_EVIDENCE_ADDED',
  'STATEMENT_LINE_MATCHED',
  'STATEMENT_LINE_IGNORED',
  'FUND_CREATED',
  'FUND_UPDATED',
  'FUND_OPENED',
  'FUND_RECEIVING_CLOSED',
  'FUND_CLOSED',
  'PLAN_SET',
  'PLAN_OVERRIDDEN',
  'GOODS_RECEIVED',
  'GOODS_HANDED_OVER',
  'STATEMENT_LINES_COUNTED',
  'STATEMENT_LINE_COUNTED',
  'STATEMENT_LINE_DISCARDED',
  'STATEMENT_MAPPING_SAVED',
  'FLAG_RAISED',
  'FLAG_ANSWERED',
  'FLAG_RELEASED',
  'FLAG_REJECTED',
  'PLEDGE_NAME_RELEASED',
  'PLEDGE_NAME_REJECTED',
  'NAME_WITHDRAWN',
] as const;

export const JournalEntry = z
  .object({
    entryId: z.string().meta({ description: 'Time-ordered id (ULID)' }),
    fundId: FundId,
    type: z.enum(JOURNAL_ENTRY_TYPES),
    at: z.string(),
    day: z.string().meta({ description: 'Calendar day in Vietnam (UTC+7) the entry counts in' }),
    actor: Actor,
    entityRef: z.string(),
    entityType: z.enum(JOURNAL_ENTITY_TYPES),
    wardCode: z.string().optional(),
    deltas: JournalDeltas,
    publicDetails: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    lines: z
      .array(z.object({ receiptId: z.string(), lineNo: z.number().int(), amount: z.number().int(), donor: z.string(), pledgeRef: z.string().optional(), late: z.literal(true).optional(), nameSalt: z.string().optional() }))
      .optional()
      .meta({ description: 'A statement batch entry: one receipt per element; its deltas are their sum' }),
    // The salt of a donor name's commitment (DESIGN §7): staff only, never in a report.
    nameSalt: z.string().optional(),
  })
  .meta({ id: 'JournalEntry' });

export const JournalPage = page(JournalEntry).meta({ id: 'JournalPage' });

export const AuditTrail = z.object({ entityRef: z.string(), entries: z.array(JournalEntry) }).meta({ id: 'AuditTrail' });
