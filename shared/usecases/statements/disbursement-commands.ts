/**
 * The disbursement commands a statement line can cause: a debit that pays a GN code. Few lines
 * do, so the functions that import and review statements load them with the first such line,
 * not at every cold start (the 300 KB budget of DESIGN §13).
 */
import type { LineFlag } from '../../domain/statements/statement';
import { ConflictError } from '../../errors';
import type { CommandContext } from '../command';
import type { DisbursementCommandDeps } from '../disbursements';
import type { WriteOp } from '../ports';
import { planCommand } from './unit-of-work';

export const disbursementCommands = () => import('../disbursements');

/**
 * The writes that mark the disbursement a debit line names PAID, to go in the line's own
 * transaction; or, when it cannot be paid (paid already, not approved, or its bank reference
 * already paid another disbursement from the account), the flag the line
 * carries instead, for a person to look at (DESIGN §9.4). The import and a clerk counting a held
 * line decide the same way.
 */
export async function payFromLine(
  deps: DisbursementCommandDeps,
  disbursementRef: string,
  payment: { bankRef: string; paidAt: string; account: string },
  context: CommandContext,
): Promise<{ ops: WriteOp[] } | { flag: LineFlag }> {
  const { actOnDisbursement } = await disbursementCommands();
  try {
    const planned = await planCommand(deps, (planning) => actOnDisbursement(planning, disbursementRef, { action: 'pay', ...payment }, context));
    return { ops: planned.ops };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    if (error.code === 'bank-ref-used') return { flag: 'PAYOUT_REF_USED' };
    return { flag: error.currentState === 'PAID' || error.currentState === 'CONFIRMED' ? 'ALREADY_PAID' : 'DISBURSEMENT_NOT_PAYABLE' };
  }
}
