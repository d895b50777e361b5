/**
 * The DynamoDB adapter set: every port over the one table, built once per module instance
 * (Lambda container). Each store is its own export, so a function's bundle carries only the
 * stores it imports (the builds are pure: nothing is read or connected until first use).
 */
import type { Stores } from '../../usecases/ports';
import { dynamoAdminUnitStore } from './admin-unit-store';
import { dynamoBatchStore } from './batch-store';
import { dynamoCommitteeStore } from './committee-store';
import { dynamoCounterStore, type CounterStoreOptions } from './counter-store';
import { dynamoDayIndexStore } from './day-index-store';
import { dynamoDisbursementStore } from './disbursement-store';
import { dynamoFlagStore } from './flag-store';
import { dynamoFundStore } from './fund-store';
import { dynamoGoodsStore } from './goods-store';
import { dynamoIdempotencyStore } from './idempotency-store';
import { dynamoJournalStore } from './journal-store';
import { dynamoMappingStore } from './mapping-store';
import { dynamoOrganisationStore } from './organisation-store';
import { dynamoPlanStore } from './plan-store';
import { dynamoPledgeStore } from './pledge-store';
import { dynamoReceiptStore } from './receipt-store';
import { dynamoStatementLineStore } from './statement-line-store';
import { dynamoStatementStore } from './statement-store';
import { dynamoTransaction } from './transaction';

/** A set of its own (tests that need fresh caches, tuned counters or journal pages). */
export function dynamoStores(options: { counters?: CounterStoreOptions; journalPageSize?: number; journalFirstPageLimits?: readonly number[] } = {}): Stores {
  return {
    funds: dynamoFundStore(),
    flags: dynamoFlagStore(),
    pledges: dynamoPledgeStore(),
    receipts: dynamoReceiptStore(),
    disbursements: dynamoDisbursementStore(),
    organisations: dynamoOrganisationStore(),
    adminUnits: dynamoAdminUnitStore(),
    journal: dynamoJournalStore({ pageSize: options.journalPageSize, firstPageLimits: options.journalFirstPageLimits }),
    statements: dynamoStatementStore(),
    statementLines: dynamoStatementLineStore(),
    committees: dynamoCommitteeStore(),
    plans: dynamoPlanStore(),
    goods: dynamoGoodsStore(),
    batches: dynamoBatchStore(),
    dayIndex: dynamoDayIndexStore(),
    statementMappings: dynamoMappingStore(),
    idempotency: dynamoIdempotencyStore(),
    counters: dynamoCounterStore(options.counters),
    transaction: dynamoTransaction(),
  };
}

export const funds = /* @__PURE__ */ dynamoFundStore();
export const flags = /* @__PURE__ */ dynamoFlagStore();
export const pledges = /* @__PURE__ */ dynamoPledgeStore();
export const receipts = /* @__PURE__ */ dynamoReceiptStore();
export const disbursements = /* @__PURE__ */ dynamoDisbursementStore();
export const organisations = /* @__PURE__ */ dynamoOrganisationStore();
export const adminUnits = /* @__PURE__ */ dynamoAdminUnitStore();
export const journal = /* @__PURE__ */ dynamoJournalStore();
export const statements = /* @__PURE__ */ dynamoStatementStore();
export const statementLines = /* @__PURE__ */ dynamoStatementLineStore();
export const committees = /* @__PURE__ */ dynamoCommitteeStore();
export const plans = /* @__PURE__ */ dynamoPlanStore();
export const goods = /* @__PURE__ */ dynamoGoodsStore();
export const batches = /* @__PURE__ */ dynamoBatchStore();
export const dayIndex = /* @__PURE__ */ dynamoDayIndexStore();
export const statementMappings = /* @__PURE__ */ dynamoMappingStore();
export const idempotency = /* @__PURE__ */ dynamoIdempotencyStore();
export const counters = /* @__PURE__ */ dynamoCounterStore();
export const transaction = /* @__PURE__ */ dynamoTransaction();

/** The whole set, for wiring that needs most of it (the twin's scripts, tests, the bench). */
export const stores: Stores = {
  funds,
  flags,
  pledges,
  receipts,
  disbursements,
  organisations,
  adminUnits,
  journal,
  statements,
  statementLines,
  committees,
  plans,
  goods,
  batches,
  dayIndex,
  statementMappings,
  idempotency,
  counters,
  transaction,
};
