/**
 * What a gift's certificate states, read from its signed report line and nothing else: the
 * amount (in figures and in words, Vietnamese and English), the donor exactly as the line
 * publishes it, the reference codes and the day. A line that is not a gift has no certificate.
 */
import { ANONYMOUS_DONOR } from '../../shared/domain/pledges';
import { maskContactDetails } from '../../shared/domain/masking';
import { formatVnd, formatVndEnglish } from '../../shared/domain/format';
import { vndToEnglishWords, vndToWords } from './vnd-words';

/** The fields of a published line the certificate reads (shared/reports/entries.ts `PublicEntry`). */
export interface GiftLine {
  type: string;
  fundId: string;
  day: string;
  entityRef: string;
  deltas: Partial<Record<string, number>>;
  details: Record<string, string | number | boolean>;
}

export interface CertificateFacts {
  /** Money that arrived, or a pledge of it. */
  kind: 'received' | 'pledged';
  amount: number;
  figures: { vi: string; en: string };
  words: { vi: string; en: string };
  donor: string;
  /** The donation's code (UH…) when the line names one, else the entry's own reference. */
  ref: string;
  day: string;
  fundId: string;
}

/**
 * The donor as published: the line already carries only the name the donor allowed (or the
 * anonymous label); a name written before names were masked on entry is masked as it is read,
 * as the public donor list does. Nothing but the line's `donor` is ever shown.
 */
export function publishedDonor(details: GiftLine['details']): string {
  const donor = details.donor;
  return typeof donor === 'string' && donor.trim() ? maskContactDetails(donor.trim()) : ANONYMOUS_DONOR;
}

/** `openedName`: the donor's name a format-3 leaf commits to, opened from names.jsonl and checked (web/src/verify/names.ts). */
export function certificateFacts(line: GiftLine, openedName?: string | null): CertificateFacts | null {
  const received = line.type === 'RECEIPT_RECORDED' ? (line.deltas.received ?? 0) : 0;
  const pledged = line.type === 'PLEDGE_MADE' ? (line.deltas.pledged ?? 0) : 0;
  const amount = received || pledged;
  if (!Number.isSafeInteger(amount) || amount <= 0) return null;
  const pledgeRef = line.details.pledgeRef;
  return {
    kind: received ? 'received' : 'pledged',
    amount,
    figures: { vi: formatVnd(amount), en: formatVndEnglish(amount) },
    words: { vi: vndToWords(amount), en: vndToEnglishWords(amount) },
    donor: openedName ? maskContactDetails(openedName) : publishedDonor(line.details),
    ref: typeof pledgeRef === 'string' && pledgeRef ? pledgeRef : line.entityRef,
    day: line.day,
    fundId: line.fundId,
  };
}

/** The portal's paths for a leaf: its certificate, and the verify page that proves it. */
export function certificatePath(fundId: string, date: string, leafIndex: number): string {
  return `/certificate/${encodeURIComponent(fundId)}/${date}/${leafIndex}`;
}

export function verifyLeafPath(fundId: string, date: string, leafIndex: number): string {
  return `/verify?fund=${encodeURIComponent(fundId)}&date=${date}&leaf=${leafIndex}`;
}
