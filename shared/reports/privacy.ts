/**
 * What keeps personal data out of published reports (Decree 13/2023/NĐ-CP). Journal entries
 * already carry only `publicDetails`, but memos come from banks and donors type anything into
 * them: account numbers, phone numbers, emails, ID and tax numbers. Every published string goes
 * through `maskPersonalData`, and detail keys that name private fields are dropped outright.
 *
 * The statements engineer's `maskAccountNumbers` did not exist when this was written; this one is
 * deliberately stricter (any run of 6+ digits, also when split by spaces, dots or dashes),
 * because a report is public forever and a masked amount in a memo costs nothing: the amount is
 * in the entry's deltas anyway.
 */
import { maskPersonalData } from '../domain/masking';

export { MASK, maskContactDetails, maskPersonalData } from '../domain/masking';

/** Detail keys that are never published, whatever their value (folded: case and separators ignored). */
const PRIVATE_KEYS = new Set([
  'email',
  'phone',
  'phonenumber',
  'mobile',
  'taxcode',
  'mst',
  'personaltaxcode',
  'idnumber',
  'cccd',
  'cmnd',
  'accountnumber',
  'bankaccount',
  'bankaccountnumber',
  'account',
  'counterpartyaccount',
  'address',
]);

export function isPrivateKey(key: string): boolean {
  return PRIVATE_KEYS.has(key.toLowerCase().replace(/[^a-z]/g, ''));
}

export type PublicValue = string | number | boolean;

/** The publishable part of an entry's details, with keys sorted so the result is deterministic. */
export function sanitizeDetails(details: Record<string, unknown> | undefined): Record<string, PublicValue> {
  const out: Record<string, PublicValue> = {};
  for (const key of Object.keys(details ?? {}).sort()) {
    if (isPrivateKey(key)) continue;
    const value = details![key];
    if (typeof value === 'string') out[key] = maskPersonalData(value);
    else if (typeof value === 'boolean') out[key] = value;
    // Only integers: amounts are whole đồng, and other numbers would not round-trip byte-for-byte.
    else if (typeof value === 'number' && Number.isSafeInteger(value)) out[key] = value;
  }
  return out;
}
