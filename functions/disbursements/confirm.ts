import { disbursementActionHandler } from './action';
import { ConfirmDisbursement } from '../../shared/routes/ledger';

export const handler = disbursementActionHandler(ConfirmDisbursement, (body) => ({ action: 'confirm', confirmedBy: body.confirmedBy, note: body.note }));
