import { disbursementActionHandler } from '../../shared/http/disbursement-action';

export const handler = disbursementActionHandler('CancelDisbursement', () => ({ action: 'cancel' }));
