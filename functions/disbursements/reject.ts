import { disbursementActionHandler } from './action';
import { RejectDisbursement } from '../../shared/routes/ledger';

export const handler = disbursementActionHandler(RejectDisbursement, (body) => ({ action: 'reject', reason: body.reason }));
