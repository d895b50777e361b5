import { disbursementActionHandler } from './action';
import { ApproveDisbursement } from '../../shared/routes/ledger';

export const handler = disbursementActionHandler(ApproveDisbursement, () => ({ action: 'approve' }));
