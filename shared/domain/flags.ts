/**
 * Public supervision (giám sát, DESIGN §7.4): anyone may flag a published disbursement or a line
 * of the fund's report, and an auditor answers in public. The flag keeps the flagger's contact
 * for staff only; what the public reads is masked text, and a reason the moderation list matches
 * waits until a staff member releases it.
 */
import { maskContactDetails } from './masking';
import { needsModeration } from './moderation';

export const FLAG_REASON_MIN = 10;
export const FLAG_REASON_MAX = 1000;
export const FLAG_ANSWER_MAX = 2000;
export const FLAG_CONTACT_MAX = 200;

/** What a flag points at: a disbursement by its GN code, or a report line by its journal entry id. */
export type FlagTarget = { kind: 'disbursement'; ref: string } | { kind: 'entry'; entryId: string };

/** OPEN: public, may be answered; HELD: its reason awaits moderation; REJECTED: its reason is never shown. */
export type FlagStatus = 'OPEN' | 'HELD' | 'REJECTED';

export interface FlagAnswer {
  /** The FLAG_ANSWERED entry that journaled it. */
  entryId: string;
  text: string;
  at: string;
  /** The staff member: kept for the console, never published. */
  answeredBy: string;
}

export interface Flag {
  id: string;
  fundId: string;
  target: FlagTarget;
  /** Already masked (`maskContactDetails`): the same text the journal and the public see. */
  reason: string;
  /** Personal data: staff read it to reach the flagger; no public view or journal entry holds it. */
  contact?: string;
  status: FlagStatus;
  /** Answers in the order given; a correction is a later answer, never an edit. */
  answers: FlagAnswer[];
  createdAt: string;
  version: number;
}

/** The text the public record keeps of what a stranger typed: masked, trimmed. */
export function publicText(text: string): string {
  return maskContactDetails(text.trim());
}

/** A new flag's status: held when its reason matches the moderation list. */
export function newFlagStatus(reason: string): FlagStatus {
  return needsModeration(reason) ? 'HELD' : 'OPEN';
}

export function flagTargetLabel(target: FlagTarget): string {
  return target.kind === 'disbursement' ? target.ref : target.entryId;
}
