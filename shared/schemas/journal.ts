/**
 * A journal entry as the stream delivers it. The totals consumer validates what it adds up: an
 * entry it cannot read is a bug to stop on, never money to skip.
 */
import * as z from 'zod';
import { IsoDate } from './common';

const Delta = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

export const JournalDeltas = z.strictObject({
  pledged: Delta.optional(),
  received: Delta.optional(),
  approved: Delta.optional(),
  disbursed: Delta.optional(),
  confirmed: Delta.optional(),
  planned: Delta.optional(),
  goodsReceived: Delta.optional(),
  goodsHandedOver: Delta.optional(),
  pledgeCount: Delta.optional(),
  receiptCount: Delta.optional(),
  donorCount: Delta.optional(),
});

export const StreamedJournalEntry = z.looseObject({
  entryId: z.string().min(1),
  fundId: z.string().min(1),
  type: z.string().min(1),
  at: z.string().min(1),
  day: IsoDate,
  wardCode: z.string().min(1).optional(),
  deltas: JournalDeltas,
});
