/** The DynamoDB adapter set: every port over the one table. */
import type { Stores } from '../../usecases/ports';
import { dynamoAdminUnitStore } from './admin-unit-store';
import { dynamoCounterStore, type CounterStoreOptions } from './counter-store';
import { dynamoDisbursementStore } from './disbursement-store';
import { dynamoFundStore } from './fund-store';
import { dynamoIdempotencyStore } from './idempotency-store';
import { dynamoJournalStore } from './journal-store';
import { dynamoOrganisationStore } from './organisation-store';
import { dynamoPledgeStore } from './pledge-store';
import { dynamoReceiptStore } from './receipt-store';
import { dynamoStatementLineStore } from './statement-line-store';
import { dynamoStatementStore } from './statement-store';
import { dynamoTransaction } from './transaction';

export function dynamoStores(options: { counters?: CounterStoreOptions; journalPageSize?: number } = {}): Stores {
  return {
    funds: dynamoFundStore(),
    pledges: dynamoPledgeStore(),
    receipts: dynamoReceiptStore(),
    disbursements: dynamoDisbursementStore(),
    organisations: dynamoOrganisationStore(),
    adminUnits: dynamoAdminUnitStore(),
    journal: dynamoJournalStore({ pageSize: options.journalPageSize }),
    statements: dynamoStatementStore(),
    statementLines: dynamoStatementLineStore(),
    idempotency: dynamoIdempotencyStore(),
    counters: dynamoCounterStore(options.counters),
    transaction: dynamoTransaction(),
  };
}

/** The set every handler of this module instance (Lambda container) shares; nothing is read or connected until first use. */
export const stores: Stores = dynamoStores();
