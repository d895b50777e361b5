import { disbursementActionHandler } from '../../shared/http/disbursement-action';

export const handler = disbursementActionHandler('PayDisbursement', (body) => ({ action: 'pay', bankRef: body.bankRef!, paidAt: body.paidAt! }));
