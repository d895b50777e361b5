import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { maskContactDetails } from './masking';
import { CROCKFORD, luhnCheckChar } from './refs';

export type PledgeStatus = 'PLEDGED' | 'PARTIALLY_RECEIVED' | 'FULFILLED' | 'CANCELLED';

export interface Donor {
  type: 'organisation' | 'individual';
  name: string;
  taxCode?: string;
  email?: string;
  phone?: string;
}

/** What a donor asks for (the API's CreatePledge body, already validated). */
export interface CreatePledgeInput {
  fundId: string;
  donor: Donor;
  amount: number;
  dueDate?: string;
  publishName: boolean;
  message?: string;
  /** One of the fund's accounts the donor chose to pay into; the fund's first account when absent. */
  accountNumber?: string;
}

/** The account a pledge is to be paid into: its VietQR payload names it. */
export interface PledgeAccount {
  bankBin: string;
  accountNumber: string;
}

export interface Pledge {
  id: string;
  ref: string;
  fundId: string;
  donor: Donor;
  amount: number;
  received: number;
  currency: 'VND';
  dueDate?: string;
  publishName: boolean;
  message?: string;
  /** The account the donor chose (absent on pledges made before a fund had several: its first account). */
  account?: PledgeAccount;
  status: PledgeStatus;
  createdAt: string;
  createdBy: string;
  version: number;
  /** A stranger's name or message the moderation list matched (DESIGN §7.4): shown only once released. */
  nameModeration?: 'HELD' | 'RELEASED' | 'REJECTED';
  /** The donor withdrew their name from publication (DESIGN §7): it shows as the anonymous donor everywhere, from then on. */
  nameWithdrawn?: true;
}

export const ANONYMOUS_DONOR = 'Nhà hảo tâm';
/** What the public reads of a name awaiting moderation. */
export const AWAITING_MODERATION_DONOR = `${ANONYMOUS_DONOR} (đang chờ kiểm duyệt / awaiting moderation)`;

/** The memo a donor puts on the transfer: the code first, so the matcher finds it (DESIGN §5). */
export function pledgeMemoText(ref: string): string {
  return `${ref} ung ho`;
}

/** The donor as the donor allowed it to be shown (Decree 13/2023). */
export function publicDonorName(pledge: Pick<Pledge, 'publishName' | 'donor' | 'nameModeration' | 'nameWithdrawn'>): string {
  if (pledge.nameWithdrawn) return ANONYMOUS_DONOR;
  // A rejected name is no longer published (`publishName` false): only a held one needs a word here.
  if (pledge.nameModeration === 'HELD') return AWAITING_MODERATION_DONOR;
  // A name field is where donors type a phone number; what enters the journal is already masked.
  return pledge.publishName && !pledge.nameWithdrawn ? maskContactDetails(pledge.donor.name) : ANONYMOUS_DONOR;
}

/** The journal's actor for a caller with neither a staff token nor an organisation key. */
export const PUBLIC_ACTOR = 'public';

/**
 * The name a pledge shows before it is paid (DESIGN §8): anyone may type any name into the public
 * form, so a stranger's pledge stays "Nhà hảo tâm" until money arrives against it; the receipt
 * that brings the money carries the name, if the donor allowed it. Staff and organisations answer
 * for what they enter, and their pledges show the allowed name at once.
 */
export function pledgedDonorName(pledge: Pick<Pledge, 'publishName' | 'donor' | 'createdBy' | 'received' | 'nameModeration' | 'nameWithdrawn'>): string {
  return pledge.createdBy === PUBLIC_ACTOR && pledge.received <= 0 && pledge.nameModeration !== 'HELD' ? ANONYMOUS_DONOR : publicDonorName(pledge);
}

/** Overdue is derived, never stored: due before today (Vietnam) and not yet fully received. */
/** A stranger's name the moderation list held, not yet released or rejected, on a pledge not cancelled (DESIGN §7.4). */
export function isAwaitingModeration(pledge: Pick<Pledge, 'nameModeration' | 'status'>): boolean {
  return pledge.nameModeration === 'HELD' && pledge.status !== 'CANCELLED';
}

export function isOverdue(pledge: Pick<Pledge, 'dueDate' | 'status'>, today: string): boolean {
  return Boolean(pledge.dueDate && pledge.dueDate < today && (pledge.status === 'PLEDGED' || pledge.status === 'PARTIALLY_RECEIVED'));
}

export function statusAfterReceipts(amount: number, received: number, cancelled: boolean): PledgeStatus {
  if (cancelled) return 'CANCELLED';
  if (received <= 0) return 'PLEDGED';
  return received >= amount ? 'FULFILLED' : 'PARTIALLY_RECEIVED';
}

/**
 * The code of the pledge a request makes (DESIGN §5): the first 30 bits of
 * SHA-256(`<scope>\n<key>\n<attempt>`) as six Crockford characters, and the check character.
 * The same request always gets the same code; `attempt` moves past a code another request holds.
 */
export function pledgeRefFor(scope: string, key: string, attempt: number): string {
  const digest = sha256(utf8ToBytes(`${scope}\n${key}\n${attempt}`));
  // Big-endian 32 bits, of which the top 30 make the six 5-bit characters.
  const bits = ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 2;
  let body = '';
  for (let shift = 25; shift >= 0; shift -= 5) body += CROCKFORD[(bits >>> shift) & 31];
  return `UH${body}${luhnCheckChar(body)}`;
}
