/**
 * Public supervision (DESIGN §7.4): a stranger flags a published disbursement or report line, an
 * auditor answers in public, and staff release or reject a reason the moderation list holds.
 * Every step is a journal entry (history, never edited: a correction is a later answer), and the
 * flag aggregate keeps what the queue and the public list read. The flagger's contact lives on
 * the flag only: no journal entry, report line or public answer carries it.
 */
import { decodeTime } from 'ulidx';
import { newFlagStatus, publicText, type Flag, type FlagTarget } from '../domain/flags';
import { newId } from '../domain/ids';
import { vietnamDay, type JournalEntry, type JournalEntryType } from '../domain/journal';
import type { ModerationDecision } from '../domain/moderation';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors';
import { executeCommand, type CommandContext, type CommandDeps } from './command';
import type { Stores } from './ports';
import { requireScope } from './scope';

/** Disbursements the public sees (`publicDisbursements`): only these may be flagged. */
const PUBLISHED_DISBURSEMENTS = new Set(['APPROVED', 'PAID', 'CONFIRMED']);
/** Flag entries are supervision of the report, not lines to flag in turn. */
const FLAG_ENTRY_TYPES = new Set<JournalEntryType>(['FLAG_RAISED', 'FLAG_ANSWERED', 'FLAG_RELEASED', 'FLAG_REJECTED']);

export interface RaiseFlagInput {
  disbursementRef?: string;
  entryId?: string;
  reason: string;
  contact?: string;
}

export type FlagDeps = CommandDeps & Pick<Stores, 'funds' | 'flags'>;
export type RaiseFlagDeps = FlagDeps & Pick<Stores, 'disbursements' | 'journal'>;

async function journalEntryOf(deps: Pick<Stores, 'journal'>, fundId: string, entryId: string): Promise<JournalEntry | null> {
  let time: number;
  try {
    time = decodeTime(entryId);
  } catch {
    return null;
  }
  // Entries are in id order from the entry's millisecond on: it is in the first page, or absent.
  for await (const page of deps.journal.pages(fundId, { from: time })) {
    for (const entry of page) {
      if (entry.entryId === entryId) return entry;
      if (entry.entryId > entryId) return null;
    }
  }
  return null;
}

/** The flag's target, if it is something the public sees of this fund; else 422 naming the field. */
async function flagTarget(deps: Pick<Stores, 'disbursements' | 'journal'>, fundId: string, input: RaiseFlagInput): Promise<FlagTarget> {
  if (input.disbursementRef) {
    const disbursement = await deps.disbursements.getByRef(input.disbursementRef);
    if (!disbursement || disbursement.fundId !== fundId || !PUBLISHED_DISBURSEMENTS.has(disbursement.status)) {
      throw new UnprocessableError(`Quỹ ${fundId} không có khoản chi công khai ${input.disbursementRef} / Fund ${fundId} has no published disbursement ${input.disbursementRef}`, [
        { path: 'body.disbursementRef', message: `is not a published disbursement of fund ${fundId}` },
      ]);
    }
    return { kind: 'disbursement', ref: disbursement.ref };
  }
  const entry = await journalEntryOf(deps, fundId, input.entryId!);
  if (!entry || FLAG_ENTRY_TYPES.has(entry.type)) {
    throw new UnprocessableError(`Quỹ ${fundId} không có dòng ${input.entryId} / Fund ${fundId} has no report line ${input.entryId}`, [
      { path: 'body.entryId', message: `is not a line of fund ${fundId}’s journal` },
    ]);
  }
  return { kind: 'entry', entryId: entry.entryId };
}

function flagEntry(flag: Flag, type: JournalEntryType, at: string, actor: string, publicDetails: JournalEntry['publicDetails']): JournalEntry {
  return { entryId: newId(Date.parse(at)), fundId: flag.fundId, type, at, day: vietnamDay(at), actor, entityRef: flag.id, entityType: 'flag', deltas: {}, publicDetails };
}

function targetDetails(target: FlagTarget): Record<string, string> {
  return target.kind === 'disbursement' ? { targetType: 'disbursement', target: target.ref } : { targetType: 'entry', target: target.entryId };
}

/**
 * Raises a flag: 404 for an unknown fund, 422 naming the field for a target the public does not
 * see. A reason the moderation list matches is kept, but its FLAG_RAISED entry says only that
 * one is held: the text enters the record when staff release it (FLAG_RELEASED).
 */
export async function raiseFlag(deps: RaiseFlagDeps, fundId: string, input: RaiseFlagInput, context: CommandContext) {
  return executeCommand<ReturnType<typeof publicFlag>>(deps, 'RaiseFlag', { fundId, ...input }, context, async (now) => {
    if (!(await deps.funds.get(fundId))) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
    const target = await flagTarget(deps, fundId, input);
    const at = now.toISOString();
    const reason = publicText(input.reason);
    const flag: Flag = {
      id: newId(now.getTime()),
      fundId,
      target,
      reason,
      ...(input.contact ? { contact: input.contact.trim() } : {}),
      status: newFlagStatus(input.reason),
      answers: [],
      createdAt: at,
      version: 1,
    };
    const entry = flagEntry(flag, 'FLAG_RAISED', at, context.actor, { ...targetDetails(target), ...(flag.status === 'HELD' ? { held: true } : { reason }) });
    return { ops: [{ op: 'create', aggregate: { type: 'flag', value: flag } }, { op: 'journal', entry }], response: { status: 201, body: publicFlag(flag) } };
  });
}

async function flagInScope(deps: Pick<Stores, 'flags' | 'funds'>, flagId: string, context: CommandContext): Promise<Flag> {
  const flag = await deps.flags.get(flagId);
  if (!flag) throw new NotFoundError(`Không có báo sai sót ${flagId} / No flag ${flagId}`);
  const fund = await deps.funds.get(flag.fundId);
  if (fund) requireScope(context.scope, fund);
  return flag;
}

/** An auditor's public answer: appended, journaled (FLAG_ANSWERED), never edited. A held reason is moderated first. */
export async function answerFlag(deps: FlagDeps, flagId: string, text: string, context: CommandContext) {
  return executeCommand<ReturnType<typeof staffFlag>>(deps, 'AnswerFlag', { flagId, text }, context, async (now) => {
    const flag = await flagInScope(deps, flagId, context);
    if (flag.status === 'HELD') throw new ConflictError(`Báo sai sót ${flagId} đang chờ kiểm duyệt / Flag ${flagId} awaits moderation: release or reject it first`, flag.status);
    const at = now.toISOString();
    const answer = publicText(text);
    const entry = flagEntry(flag, 'FLAG_ANSWERED', at, context.actor, { ...targetDetails(flag.target), answer });
    const answered: Flag = { ...flag, answers: [...flag.answers, { entryId: entry.entryId, text: answer, at, answeredBy: context.actor }], version: flag.version + 1 };
    return {
      ops: [
        { op: 'update', aggregate: { type: 'flag', value: answered }, expectedVersion: flag.version },
        { op: 'journal', entry },
      ],
      response: { status: 201, body: staffFlag(answered) },
    };
  });
}

/** Releases a held reason (its text enters the record: FLAG_RELEASED) or rejects it (never shown: FLAG_REJECTED). */
export async function moderateFlag(deps: FlagDeps, flagId: string, decision: ModerationDecision, context: CommandContext) {
  return executeCommand<ReturnType<typeof staffFlag>>(deps, 'ModerateFlag', { flagId, decision }, context, async (now) => {
    const flag = await flagInScope(deps, flagId, context);
    if (flag.status !== 'HELD') throw new ConflictError(`Báo sai sót ${flagId} không chờ kiểm duyệt / Flag ${flagId} is not awaiting moderation`, flag.status);
    const at = now.toISOString();
    const released = decision === 'release';
    const entry = flagEntry(flag, released ? 'FLAG_RELEASED' : 'FLAG_REJECTED', at, context.actor, { ...targetDetails(flag.target), ...(released ? { reason: flag.reason } : {}) });
    const moderated: Flag = { ...flag, status: released ? 'OPEN' : 'REJECTED', version: flag.version + 1 };
    return {
      ops: [
        { op: 'update', aggregate: { type: 'flag', value: moderated }, expectedVersion: flag.version },
        { op: 'journal', entry },
      ],
      response: { status: 200, body: staffFlag(moderated) },
    };
  });
}

/** What anyone reads of a flag: no contact, no staff names, no reason until released. */
export function publicFlag(flag: Flag) {
  return {
    id: flag.id,
    fundId: flag.fundId,
    target: flag.target,
    status: flag.status,
    reason: flag.status === 'OPEN' ? flag.reason : null,
    createdAt: flag.createdAt,
    answers: flag.answers.map((answer) => ({ text: answer.text, at: answer.at })),
  };
}

export async function listPublicFlags(deps: Pick<Stores, 'funds' | 'flags'>, fundId: string) {
  if (!(await deps.funds.get(fundId))) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  return { items: (await deps.flags.listByFund(fundId)).map(publicFlag) };
}

/** The staff view of a flag: the reason even while held, the contact, who answered. */
export function staffFlag(flag: Flag) {
  return { ...publicFlag(flag), reason: flag.reason, ...(flag.contact ? { contact: flag.contact } : {}), answers: flag.answers.map(({ text, at, answeredBy }) => ({ text, at, answeredBy })) };
}
