/** A disbursement (`DISB#<id>` / `META`), listed on gsi1 under its fund by id. */
import type { Disbursement } from '../../../domain/disbursements';
import { keys, type Item } from '../table';

export function disbursementItem(disbursement: Disbursement): Item {
  return {
    ...keys.disbursement(disbursement.id),
    kind: 'DISBURSEMENT',
    gsi1pk: keys.fundDisbursementsIndex(disbursement.fundId),
    gsi1sk: disbursement.id,
    ...disbursement,
  };
}
