import { disbursementActionHandler } from './action';
import { CancelDisbursement } from '../../shared/routes/ledger';

export const handler = disbursementActionHandler(CancelDisbursement, () => ({ action: 'cancel' }));
