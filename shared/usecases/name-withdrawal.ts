/**
 * A donor withdraws their name from publication (Decree 13/2023, Law 91/2025; DESIGN §7): with
 * the pledge's code and the e-mail or phone they gave when pledging, or through staff on request.
 * The pledge is marked, a NAME_WITHDRAWN entry (which names nobody) is journaled, and the name
 * is erased from the names file of every report of the fund already published. The donor list,
 * the public pledge view and every later names file read the mark. Signed leaves never held the
 * name (format 3), so every report still verifies.
 */
import { vietnamDay, type JournalEntry } from '../domain/journal';
import { newId } from '../domain/ids';
import type { Pledge } from '../domain/pledges';
import { ForbiddenError, NotFoundError } from '../errors';
import { fromUtf8 } from '../reports/bytes';
import { fundPrefix, LATEST, reportKey } from '../reports/layout';
import { NAMES_CONTENT_TYPE, NAMES_FILE, nameLineText, parseNamesFile, withdrawnLine } from '../reports/names';
import { executeCommand, type CommandContext, type CommandDeps } from './command';
import type { ReportObjectStore, Stores } from './ports';
import { requireScope } from './scope';

export type WithdrawNameDeps = CommandDeps & Pick<Stores, 'pledges' | 'funds'> & { names: ReportObjectStore };

export interface NameWithdrawn {
  ref: string;
  nameWithdrawn: true;
  /** Names files of published reports rewritten without the name. */
  namesFilesRewritten: number;
}

/** One form per contact: an e-mail in lower case, a phone as its digits with +84 read as 0. */
export function normaliseContact(contact: string): string {
  const text = contact.normalize('NFC').trim().toLowerCase();
  if (text.includes('@')) return text;
  const digits = text.replace(/\D/g, '');
  return digits.startsWith('84') && digits.length >= 11 ? `0${digits.slice(2)}` : digits;
}

/** Whether `contact` is the e-mail or the phone the pledge was made with. */
export function isPledgeContact(pledge: Pick<Pledge, 'donor'>, contact: string): boolean {
  const given = normaliseContact(contact);
  return given !== '' && [pledge.donor.email, pledge.donor.phone].some((known) => known !== undefined && normaliseContact(known) === given);
}

/** Who asks: the donor, proving it with the pledge's contact, or staff on the donor's request. */
export type WithdrawalRequest = { by: 'donor'; contact: string } | { by: 'staff'; reason: string };

/** Withdraws the name of pledge `ref`: the donor with the pledge's e-mail or phone; staff within their committees. */
export async function withdrawName(deps: WithdrawNameDeps, ref: string, request: WithdrawalRequest, context: CommandContext) {
  const response = await executeCommand<NameWithdrawn>(deps, 'WithdrawName', { ref, ...request }, context, async (now) => {
    const pledge = await deps.pledges.getByRef(ref);
    if (!pledge) throw new NotFoundError(`Không tìm thấy mã ${ref} / No pledge with reference ${ref}`);
    if (request.by === 'staff') {
      const fund = await deps.funds.get(pledge.fundId);
      if (fund) requireScope(context.scope, fund);
    } else if (!isPledgeContact(pledge, request.contact)) {
      // The same answer whether the contact is wrong or the pledge has none: it tells a stranger nothing.
      throw new ForbiddenError(`Liên hệ không khớp với mã ${ref} / The contact does not match pledge ${ref}`, { code: 'contact-mismatch' });
    }
    const at = now.toISOString();
    const entry: JournalEntry = {
      entryId: newId(now.getTime()),
      fundId: pledge.fundId,
      type: 'NAME_WITHDRAWN',
      at,
      day: vietnamDay(at),
      actor: context.actor,
      entityRef: pledge.ref,
      entityType: 'pledge',
      deltas: {},
      publicDetails: request.by === 'staff' ? { reason: request.reason } : {},
    };
    const body: NameWithdrawn = { ref: pledge.ref, nameWithdrawn: true, namesFilesRewritten: 0 };
    if (pledge.nameWithdrawn) return { ops: [], response: { status: 200, body } };
    return {
      ops: [
        { op: 'update', aggregate: { type: 'pledge', value: { ...pledge, nameWithdrawn: true, version: pledge.version + 1 } }, expectedVersion: pledge.version },
        { op: 'journal', entry },
      ],
      response: { status: 200, body },
    };
  });
  // Erasing is idempotent, so a retry (or a replayed request) erases again whatever a crash left.
  const pledge = (await deps.pledges.getByRef(ref))!;
  const rewritten = await eraseFromNamesFiles(deps.names, pledge.fundId, pledge.ref);
  return { ...response, body: { ...response.body, namesFilesRewritten: rewritten } };
}

/** Rewrites every names file of the fund's reports (dated and latest/) with the pledge's lines erased. */
export async function eraseFromNamesFiles(store: ReportObjectStore, fundId: string, ref: string): Promise<number> {
  let rewritten = 0;
  for (const folder of new Set([...(await store.listFolders(fundPrefix(fundId))), LATEST])) {
    const key = reportKey(fundId, folder, NAMES_FILE);
    const bytes = await store.get(key);
    if (!bytes) continue;
    const lines = parseNamesFile(fromUtf8(bytes));
    if (!lines.some((line) => line.ref === ref && !('withdrawn' in line))) continue;
    const text = lines.map((line) => nameLineText(line.ref === ref ? withdrawnLine(line) : line)).join('');
    await store.put(key, text, NAMES_CONTENT_TYPE, { cacheControl: 'public, max-age=300' });
    rewritten++;
  }
  return rewritten;
}

