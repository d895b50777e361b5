import { disbursementActionHandler } from './action';
import { ApproveDisbursement } from '../../shared/routes/ledger';

export const handler = disbursementActionHandler(ApproveDisbursement, (body) => ({ action: 'approve', overridePlan: body.overridePlan, reason: body.reason }));
