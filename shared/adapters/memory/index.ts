/**
 * The in-memory adapter set: every port with the DynamoDB adapters' semantics (conditions,
 * all-or-nothing transactions, typed errors, orders, pages and cursors, exactly-once counters)
 * over one shared state, so use-case tests run in milliseconds without Java. The contract suite
 * (test/contract) runs the same checks against both sets.
 */
import type { Stores } from '../../usecases/ports';
import {
  memoryAdminUnitStore,
  memoryDisbursementStore,
  memoryFundStore,
  memoryIdempotencyStore,
  memoryOrganisationStore,
  memoryPledgeStore,
  memoryReceiptStore,
} from './aggregate-stores';
import { memoryBatchStore, memoryCommitteeStore, memoryFlagStore, memoryGoodsStore, memoryPlanStore } from './campaign-stores';
import { memoryCounterStore } from './counter-store';
import { memoryJournalStore } from './journal-store';
import { memoryDayIndexStore, memoryMappingStore, memoryStatementLineStore, memoryStatementStore } from './statement-stores';
import { MemoryState } from './state';
import { memoryTransaction } from './transaction';

export { MemoryState } from './state';
export { memoryReportObjects, memoryStatementFiles } from './object-stores';

export function memoryStores(state: MemoryState = new MemoryState(), options: { journalPageSize?: number } = {}): Stores {
  return {
    funds: memoryFundStore(state),
    flags: memoryFlagStore(state),
    pledges: memoryPledgeStore(state),
    receipts: memoryReceiptStore(state),
    disbursements: memoryDisbursementStore(state),
    organisations: memoryOrganisationStore(state),
    adminUnits: memoryAdminUnitStore(state),
    journal: memoryJournalStore(state, { pageSize: options.journalPageSize }),
    statements: memoryStatementStore(state),
    statementLines: memoryStatementLineStore(state),
    committees: memoryCommitteeStore(state),
    plans: memoryPlanStore(state),
    goods: memoryGoodsStore(state),
    batches: memoryBatchStore(state),
    dayIndex: memoryDayIndexStore(state),
    statementMappings: memoryMappingStore(state),
    idempotency: memoryIdempotencyStore(state),
    counters: memoryCounterStore(state),
    transaction: memoryTransaction(state),
  };
}
