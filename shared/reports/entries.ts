/**
 * One published line per journal entry: RFC 8785 canonical JSON, so anyone can re-serialise a
 * line and get the same bytes (and the same leaf hash) in any language.
 *
 * A line is a pure function of the immutable journal entry — never of anything that can change
 * later (ward names, fund names, masking of other fields) — because every later night's tree
 * re-derives the same lines and must reproduce the earlier root. Changing this function changes
 * published leaves: that needs a new `v`, and the nightly job will refuse to extend the old tree.
 */
import canonicalize from 'canonicalize';
import { DELTA_NAMES, type DeltaName, type JournalEntry } from '../domain/journal';
import { sanitizeDetails, type PublicValue } from './privacy';
import { COMMITMENT_KEY, isPublishableName, nameCommitment } from './names';

export const LINE_VERSION = 1;
/**
 * Format 3's lines: the donor's name is replaced by a salted commitment to it (`names.ts`), or
 * dropped where the entry has no salt (entries journaled before salts existed read "anonymous").
 */
export const NAMELESS_LINE_VERSION = 2;
export type LineVersion = typeof LINE_VERSION | typeof NAMELESS_LINE_VERSION;

export interface PublicEntry {
  v: number;
  entryId: string;
  fundId: string;
  type: string;
  /** UTC instant of the event. */
  at: string;
  /** Its day in Vietnam (UTC+7): the day bucket of the totals. */
  day: string;
  /** Only the kind of actor (`staff`, `org`, `public`, `bank`): staff user names are personal data. */
  actor: string;
  entityType: string;
  entityRef: string;
  wardCode?: string;
  deltas: Partial<Record<DeltaName, number>>;
  details: Record<string, PublicValue>;
}

export function actorKind(actor: string): string {
  const kind = actor.split(':', 1)[0] ?? '';
  return /^[a-z-]{1,20}$/.test(kind) ? kind : 'other';
}

export function toPublicEntry(entry: JournalEntry, version: LineVersion = LINE_VERSION): PublicEntry {
  const deltas: Partial<Record<DeltaName, number>> = {};
  for (const name of DELTA_NAMES) {
    const value = entry.deltas?.[name];
    if (typeof value === 'number' && value !== 0) {
      if (!Number.isSafeInteger(value)) throw new RangeError(`journal entry ${entry.entryId}: ${name} is not a safe integer`);
      deltas[name] = value;
    }
  }
  const line: PublicEntry = {
    v: version,
    entryId: entry.entryId,
    fundId: entry.fundId,
    type: entry.type,
    at: entry.at,
    day: entry.day,
    actor: actorKind(entry.actor),
    entityType: entry.entityType,
    entityRef: entry.entityRef,
    deltas,
    details: sanitizeDetails(entry.publicDetails),
  };
  if (entry.wardCode) line.wardCode = entry.wardCode;
  if (version === NAMELESS_LINE_VERSION) withoutName(line, entry.nameSalt);
  return line;
}

/** The name a line of the first version would publish: what format 3 commits to and lists in names.jsonl. */
export function publishedName(entry: JournalEntry): string | undefined {
  const name = sanitizeDetails({ donor: entry.publicDetails.donor }).donor;
  return isPublishableName(name) ? name : undefined;
}

function withoutName(line: PublicEntry, salt: string | undefined): void {
  const name = line.details.donor;
  delete line.details.donor;
  // Not through the mask: a commitment is hex, whose digit runs the mask would take for account numbers.
  if (salt && isPublishableName(name)) line.details[COMMITMENT_KEY] = nameCommitment(salt, name);
}

export function canonicalLine(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value cannot be serialised as JSON');
  return text;
}

export function entryLine(entry: JournalEntry, version: LineVersion = LINE_VERSION): string {
  return canonicalLine(toPublicEntry(entry, version));
}

/** Parses a published line, insisting that it is already in canonical form (else the leaf hash is ambiguous). */
export function parseEntryLine(line: string): PublicEntry {
  const value = JSON.parse(line) as PublicEntry;
  if (canonicalLine(value) !== line) throw new Error('line is not RFC 8785 canonical JSON');
  if (typeof value !== 'object' || value === null || typeof value.entryId !== 'string' || typeof value.deltas !== 'object') {
    throw new Error('line is not a report entry');
  }
  return value;
}
