/**
 * One pass over a fund's journal that keeps what the open-data files publish: money coming in,
 * summed per day (never per donor), and money going out, per disbursement. Memory is bounded by
 * the number of days and disbursements (plus the pledges of organisations that agreed to be
 * named), never by the number of entries: a fund with 2 M pledges keeps a few thousand rows.
 *
 * Amounts come from the entries' deltas, the same numbers the totals and the nightly report sum,
 * so the open-data files add up to the ledger to the đồng.
 */
import { leafEntries, type Bucket, type JournalEntry, type JournalEntryType } from '../../domain/journal';

/** The buckets that move money: plans and goods values are not flows of money, so the open-data flows leave them out. */
const MONEY_BUCKETS = ['pledged', 'received', 'approved', 'disbursed'] as const satisfies readonly Bucket[];
type MoneyBucket = (typeof MONEY_BUCKETS)[number];
import { ANONYMOUS_DONOR } from '../../domain/pledges';
import { ValidationError } from '../../errors';
import { maskPersonalData } from '../privacy';
import type { DonorOrganisation, JournalSource } from './model';

export type IncomingKind = 'pledge' | 'receipt';

/** Pledges or receipts of one day, one direction and one provider. */
export interface IncomingDay {
  kind: IncomingKind;
  day: string;
  /** +1: pledges made, receipts recorded; −1: pledges cancelled, receipts reversed. */
  direction: 1 | -1;
  /** The organisation that agreed to be named; absent: individuals and unnamed organisations. */
  donor?: DonorOrganisation;
  /** Signed: negative for cancellations and reversals. */
  amount: number;
  count: number;
}

export type Recipient = { kind: 'unit'; code: string; name: string } | { kind: 'organisation'; name: string };

export type DisbursementStatus = 'requested' | 'approved' | 'paid' | 'confirmed' | 'rejected' | 'cancelled';

export interface DisbursementFlow {
  ref: string;
  recipient: Recipient;
  purpose: string;
  status: DisbursementStatus;
  /** The approved amount (0 until approved). */
  amount: number;
  approvedOn?: string;
  paidOn?: string;
  paidAmount?: number;
  /** The day an approved disbursement was cancelled: its commitment is withdrawn. */
  withdrawnOn?: string;
  /** UTC instant of its latest journal entry. */
  lastEventAt: string;
}

export interface FundFlows {
  fundId: string;
  incoming: IncomingDay[];
  disbursements: DisbursementFlow[];
  /** The journal's buckets summed from the deltas, for the cross-checks. */
  totals: Record<MoneyBucket, number>;
  /** First and last day of an entry that moved money. */
  firstDay?: string;
  lastDay?: string;
  /** UTC instant of the latest entry. */
  lastEntryAt?: string;
  entries: number;
}

/** Which journal entries become incoming rows, and from which bucket their amount comes. */
const INCOMING: Partial<Record<JournalEntryType, { kind: IncomingKind; bucket: Bucket; direction: 1 | -1 }>> = {
  PLEDGE_MADE: { kind: 'pledge', bucket: 'pledged', direction: 1 },
  PLEDGE_CANCELLED: { kind: 'pledge', bucket: 'pledged', direction: -1 },
  RECEIPT_RECORDED: { kind: 'receipt', bucket: 'received', direction: 1 },
  RECEIPT_REVERSED: { kind: 'receipt', bucket: 'received', direction: -1 },
};

/**
 * Decides which organisation, if any, a pledge or receipt may be published under. An entry is
 * attributed to an organisation only on evidence the public cannot forge: the organisation's
 * own API key (`org:<orgId>`), or staff who recorded it under the organisation's exact name.
 * A pledge typed on the public form under a company's name stays anonymous.
 */
/** Who, if anyone, a pledge or receipt is published under. */
export interface Attribution {
  of(entry: JournalEntry): DonorOrganisation | undefined;
}

export class DonorAttribution implements Attribution {
  private readonly byOrgId = new Map<string, DonorOrganisation>();
  private readonly byName = new Map<string, DonorOrganisation>();
  /** Pledge refs of named organisations, so that their receipts and reversals follow them. */
  private readonly namedPledges = new Map<string, DonorOrganisation>();

  constructor(donors: readonly DonorOrganisation[]) {
    for (const donor of donors) {
      if (!donor.consentToBeNamed) continue;
      this.byOrgId.set(donor.orgId, donor);
      this.byName.set(donor.name, donor);
    }
  }

  of(entry: JournalEntry): DonorOrganisation | undefined {
    if (entry.type === 'PLEDGE_MADE') {
      const donor = this.pledgeDonor(entry);
      if (donor) this.namedPledges.set(entry.entityRef, donor);
      return donor;
    }
    if (entry.type === 'PLEDGE_CANCELLED') return this.namedPledges.get(entry.entityRef);
    const pledgeRef = entry.publicDetails.pledgeRef;
    return typeof pledgeRef === 'string' ? this.namedPledges.get(pledgeRef) : undefined;
  }

  private pledgeDonor(entry: JournalEntry): DonorOrganisation | undefined {
    const shownAs = entry.publicDetails.donor;
    // The pledge itself did not allow its name: the organisation's consent does not override it.
    if (typeof shownAs !== 'string' || shownAs === ANONYMOUS_DONOR) return undefined;
    const [kind, id] = splitActor(entry.actor);
    if (kind === 'org') return this.byOrgId.get(id);
    if (kind === 'staff' && entry.publicDetails.donorType === 'organisation') return this.byName.get(shownAs);
    return undefined;
  }
}

/**
 * Attribution by reference code, for published lines, which keep only the kind of actor: the
 * pledges each organisation is named on were decided once, from the journal itself, and are
 * published beside the files (`open-data-facts.json`). Receipts and cancellations follow their pledge.
 */
export class PledgeAttribution implements Attribution {
  private readonly byRef = new Map<string, DonorOrganisation>();

  record(pledgeRef: string, donor: DonorOrganisation): void {
    this.byRef.set(pledgeRef, donor);
  }

  of(entry: JournalEntry): DonorOrganisation | undefined {
    if (entry.type === 'PLEDGE_MADE' || entry.type === 'PLEDGE_CANCELLED') return this.byRef.get(entry.entityRef);
    const pledgeRef = entry.publicDetails.pledgeRef;
    return typeof pledgeRef === 'string' ? this.byRef.get(pledgeRef) : undefined;
  }
}

function splitActor(actor: string): [string, string] {
  const colon = actor.indexOf(':');
  return colon < 0 ? [actor, ''] : [actor.slice(0, colon), actor.slice(colon + 1)];
}

function text(value: unknown): string {
  return typeof value === 'string' ? maskPersonalData(value.normalize('NFC').trim()) : '';
}

function recipientOf(entry: JournalEntry): Recipient {
  if (entry.wardCode) return { kind: 'unit', code: entry.wardCode, name: text(entry.publicDetails.wardName) };
  return { kind: 'organisation', name: text(entry.publicDetails.organisation) };
}

function invalidEntry(entry: JournalEntry, field: string, message: string): ValidationError {
  return new ValidationError(`Journal entry ${entry.entryId}: ${field} ${message}`, [{ path: `entries.${entry.entryId}.${field}`, message }]);
}

/** What the files are built from must be well-formed, or the files would not be. */
function checkEntry(entry: JournalEntry, fundId: string): void {
  if (entry.fundId !== fundId) throw invalidEntry(entry, 'fundId', `must be ${fundId}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.day ?? '')) throw invalidEntry(entry, 'day', 'must be a date as YYYY-MM-DD');
  if (Number.isNaN(Date.parse(entry.at))) throw invalidEntry(entry, 'at', 'must be an ISO 8601 time');
  if (typeof entry.deltas !== 'object' || entry.deltas === null) throw invalidEntry(entry, 'deltas', 'must be an object');
  if (typeof entry.publicDetails !== 'object' || entry.publicDetails === null) throw invalidEntry(entry, 'publicDetails', 'must be an object');
}

function delta(entry: JournalEntry, bucket: Bucket): number {
  const value = entry.deltas[bucket] ?? 0;
  if (!Number.isSafeInteger(value)) throw invalidEntry(entry, `deltas.${bucket}`, 'must be a safe integer');
  return value;
}

export class FlowsAccumulator {
  private readonly incoming = new Map<string, IncomingDay>();
  private readonly disbursements = new Map<string, DisbursementFlow>();
  private readonly totals: Record<MoneyBucket, number> = { pledged: 0, received: 0, approved: 0, disbursed: 0 };
  private readonly donors: Attribution;
  private firstDay?: string;
  private lastDay?: string;
  private lastEntryAt?: string;
  private count = 0;

  constructor(
    private readonly fundId: string,
    donors: readonly DonorOrganisation[] | Attribution = [],
  ) {
    this.donors = 'of' in donors ? donors : new DonorAttribution(donors);
  }

  /** Adds a journal entry: each receipt of a statement batch counts as its own (see `leafEntries`). */
  add(journalEntry: JournalEntry): void {
    for (const entry of leafEntries(journalEntry)) this.addOne(entry);
  }

  private addOne(entry: JournalEntry): void {
    checkEntry(entry, this.fundId);
    this.count++;
    if (!this.lastEntryAt || Date.parse(entry.at) > Date.parse(this.lastEntryAt)) this.lastEntryAt = entry.at;
    let moved = false;
    for (const bucket of MONEY_BUCKETS) {
      const value = delta(entry, bucket);
      this.totals[bucket] += value;
      moved ||= value !== 0;
    }
    if (moved) {
      if (!this.firstDay || entry.day < this.firstDay) this.firstDay = entry.day;
      if (!this.lastDay || entry.day > this.lastDay) this.lastDay = entry.day;
    }
    const incoming = INCOMING[entry.type];
    if (incoming) this.addIncoming(entry, incoming);
    else if (entry.entityType === 'disbursement') this.addDisbursementEvent(entry);
  }

  private addIncoming(entry: JournalEntry, rule: { kind: IncomingKind; bucket: Bucket; direction: 1 | -1 }): void {
    const amount = delta(entry, rule.bucket);
    const donor = this.donors.of(entry);
    if (amount === 0) return;
    const key = `${entry.day}|${rule.kind}|${rule.direction}|${donor?.orgId ?? ''}`;
    const row = this.incoming.get(key);
    if (row) {
      row.amount += amount;
      row.count++;
    } else {
      this.incoming.set(key, { kind: rule.kind, day: entry.day, direction: rule.direction, ...(donor ? { donor } : {}), amount, count: 1 });
    }
  }

  private addDisbursementEvent(entry: JournalEntry): void {
    let flow = this.disbursements.get(entry.entityRef);
    if (!flow) {
      flow = { ref: entry.entityRef, recipient: recipientOf(entry), purpose: text(entry.publicDetails.purpose), status: 'requested', amount: 0, lastEventAt: entry.at };
      this.disbursements.set(entry.entityRef, flow);
    }
    flow.lastEventAt = entry.at > flow.lastEventAt ? entry.at : flow.lastEventAt;
    switch (entry.type) {
      case 'DISBURSEMENT_APPROVED':
        Object.assign(flow, { status: 'approved', amount: delta(entry, 'approved'), approvedOn: entry.day });
        break;
      case 'DISBURSEMENT_PAID':
        Object.assign(flow, { status: 'paid', paidOn: entry.day, paidAmount: delta(entry, 'disbursed') });
        break;
      case 'DISBURSEMENT_CONFIRMED':
        flow.status = 'confirmed';
        break;
      case 'DISBURSEMENT_REJECTED':
        flow.status = 'rejected';
        break;
      case 'DISBURSEMENT_CANCELLED':
        flow.status = 'cancelled';
        if (delta(entry, 'approved') < 0) flow.withdrawnOn = entry.day;
        break;
    }
  }

  result(): FundFlows {
    const incoming = [...this.incoming.values()].sort(compareIncoming);
    // A disbursement that never reached approval moved no money: it is not published.
    const disbursements = [...this.disbursements.values()].filter((d) => d.approvedOn).sort(compareDisbursements);
    return {
      fundId: this.fundId,
      incoming,
      disbursements,
      totals: { ...this.totals },
      ...(this.firstDay ? { firstDay: this.firstDay, lastDay: this.lastDay } : {}),
      ...(this.lastEntryAt ? { lastEntryAt: this.lastEntryAt } : {}),
      entries: this.count,
    };
  }
}

const KIND_ORDER: Record<IncomingKind, number> = { pledge: 0, receipt: 1 };

function compareIncoming(a: IncomingDay, b: IncomingDay): number {
  return (
    compareText(a.day, b.day) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    b.direction - a.direction ||
    compareText(a.donor?.orgId ?? '', b.donor?.orgId ?? '')
  );
}

function compareDisbursements(a: DisbursementFlow, b: DisbursementFlow): number {
  return compareText(a.approvedOn ?? '', b.approvedOn ?? '') || compareText(a.ref, b.ref);
}

/** Code-unit order, not the locale's: the files must not depend on the machine that makes them. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reads a fund's journal once, in journal order (a pledge comes before its receipts). */
export async function collectFlows(fundId: string, entries: JournalSource, donors?: readonly DonorOrganisation[]): Promise<FundFlows> {
  const accumulator = new FlowsAccumulator(fundId, donors);
  for await (const entry of entries) accumulator.add(entry);
  return accumulator.result();
}
