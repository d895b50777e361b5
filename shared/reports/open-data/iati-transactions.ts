/**
 * The activity's transactions (DESIGN §7 data, IATI TransactionType):
 * - pledges: 11 Incoming Commitment, and receipts: 1 Incoming Funds, one per day, direction and
 *   provider. No donor is named except an organisation that agreed to be; everyone else is one
 *   line, "individual donors and organisations not named", per day.
 * - each approved disbursement: 2 Outgoing Commitment on the day it was approved, and
 *   3 Disbursement on the day it was paid, to the ward or commune by name and unit code.
 * - corrections are never edits: a cancelled pledge, a reversed receipt, a withdrawn approval is
 *   a negative transaction of the same type on the day it happened, as IATI's guidance on
 *   reductions of commitments and returned funds asks.
 */
import { compareText, type DisbursementFlow, type FundFlows, type IncomingDay } from './flows';
import { ORGANISATION_TYPE, TRANSACTION } from './iati-codes';
import { committeeOrg, narratives, withNarratives } from './iati-narrative';
import { disbursementDescription, incomingDescription, recipientName, UNNAMED_DONORS, type Bilingual, type DisbursementStep } from './labels';
import type { OpenDataFund } from './model';
import { el, textEl, type XmlElement } from './xml';

interface Dated {
  day: string;
  /** Within a day: pledges, receipts, commitments, disbursements, in that order. */
  rank: number;
  element: XmlElement;
}

function transaction(
  code: string,
  day: string,
  amount: number,
  description: Bilingual,
  parties: XmlElement[],
  ref?: string,
): XmlElement {
  return el(
    'transaction',
    { ref },
    el('transaction-type', { code }),
    el('transaction-date', { 'iso-date': day }),
    textEl('value', { 'value-date': day }, String(amount)),
    el('description', {}, narratives(description)),
    parties,
  );
}

function provider(row: IncomingDay): XmlElement {
  if (!row.donor) return withNarratives('provider-org', {}, UNNAMED_DONORS);
  const name = row.donor.displayName ?? { vi: row.donor.name, en: row.donor.name };
  return withNarratives('provider-org', { ref: row.donor.iatiRef, type: row.donor.iatiType }, name);
}

function incoming(fund: OpenDataFund, row: IncomingDay): Dated {
  const code = row.kind === 'pledge' ? TRANSACTION.incomingCommitment : TRANSACTION.incomingFunds;
  const element = transaction(code, row.day, row.amount, incomingDescription(row), [provider(row), committeeOrg('receiver-org', fund)]);
  return { day: row.day, rank: row.kind === 'pledge' ? 0 : 1, element };
}

function receiver(flow: DisbursementFlow): XmlElement {
  const type = flow.recipient.kind === 'unit' ? ORGANISATION_TYPE.localGovernment : undefined;
  return withNarratives('receiver-org', { type }, recipientName(flow.recipient));
}

function outgoing(fund: OpenDataFund, flow: DisbursementFlow): Dated[] {
  const parties = [committeeOrg('provider-org', fund), receiver(flow)];
  const step = (stepName: DisbursementStep, code: string, day: string, amount: number, rank: number): Dated => ({
    day,
    rank,
    element: transaction(code, day, amount, disbursementDescription(stepName, flow.ref, flow.purpose), parties, flow.ref),
  });
  const out: Dated[] = [];
  if (flow.approvedOn) out.push(step('approved', TRANSACTION.outgoingCommitment, flow.approvedOn, flow.amount, 2));
  if (flow.withdrawnOn) out.push(step('withdrawn', TRANSACTION.outgoingCommitment, flow.withdrawnOn, -flow.amount, 2));
  if (flow.paidOn && flow.paidAmount) out.push(step('paid', TRANSACTION.disbursement, flow.paidOn, flow.paidAmount, 3));
  return out;
}

/** Every transaction of the activity, by day; within a day in a fixed order, so the bytes repeat. */
export function iatiTransactions(fund: OpenDataFund, flows: FundFlows): XmlElement[] {
  const dated = [...flows.incoming.map((row) => incoming(fund, row)), ...flows.disbursements.flatMap((flow) => outgoing(fund, flow))];
  // Array.prototype.sort is stable: rows keep the order flows.ts gave them within a day and rank.
  return dated.sort((a, b) => compareText(a.day, b.day) || a.rank - b.rank).map((d) => d.element);
}
