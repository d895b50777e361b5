import { disbursementActionHandler } from '../../shared/http/disbursement-action';

export const handler = disbursementActionHandler('RejectDisbursement', (body) => ({ action: 'reject', reason: body.reason! }));
