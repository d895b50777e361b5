import { disbursementActionHandler } from './action';
import { PayDisbursement } from '../../shared/routes/ledger';

export const handler = disbursementActionHandler(PayDisbursement, (body) => ({ action: 'pay', bankRef: body.bankRef, paidAt: body.paidAt, accountNumber: body.accountNumber }));
