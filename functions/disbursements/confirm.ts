import { disbursementActionHandler } from '../../shared/http/disbursement-action';

export const handler = disbursementActionHandler('ConfirmDisbursement', (body) => ({ action: 'confirm', confirmedBy: body.confirmedBy!, note: body.note ?? '' }));
