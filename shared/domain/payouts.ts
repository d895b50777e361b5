/**
 * One transfer pays one disbursement: the name a payout's bank reference is claimed under, kept
 * apart from the disbursement rules so the statement import claims it without loading them.
 */
import { normalBankRef } from './statements/identity';

/** One name per account (`<bank BIN>/<number>`) and reference, folded as a statement line's reference is. */
export function payoutRefName(account: string, bankRef: string): string {
  return `PAYOUT#${account}#${normalBankRef(bankRef)}`;
}
