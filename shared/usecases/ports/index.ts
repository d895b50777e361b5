/**
 * The ports: what the use cases need from storage, one small port per aggregate, in domain
 * terms. Use cases take the few they use (`Pick<Stores, …>`); adapters implement them
 * (shared/adapters/dynamo for Lambda and the twin, shared/adapters/memory for fast tests).
 */
import type { AdminUnitStore } from './admin-units';
import type { BatchStore } from './batches';
import type { CommitteeStore } from './committees';
import type { CounterStore } from './counters';
import type { DisbursementStore } from './disbursements';
import type { FlagStore } from './flags';
import type { FundStore } from './funds';
import type { GoodsStore } from './goods';
import type { IdempotencyStore } from './idempotency';
import type { JournalStore } from './journal';
import type { OrganisationStore } from './organisations';
import type { PlanStore } from './plans';
import type { PledgeStore } from './pledges';
import type { ReceiptStore } from './receipts';
import type { ReportObjectStore } from './report-objects';
import type { StatementFiles } from './statement-files';
import type { StatementParser } from './statement-parser';
import type { DayIndexStore } from './statement-index';
import type { StatementLineStore } from './statement-lines';
import type { StatementMappingStore } from './statement-mappings';
import type { StatementStore } from './statements';
import type { TransactionPort } from './transaction';

export type * from './admin-units';
export type * from './batches';
export type * from './committees';
export * from './counters';
export type * from './disbursements';
export type * from './flags';
export type * from './funds';
export type * from './goods';
export type * from './idempotency';
export type * from './journal';
export type * from './organisations';
export type * from './origin-header';
export type * from './page';
export type * from './plans';
export type * from './transfers';
export type * from './pledges';
export type * from './receipts';
export type * from './refs-spool';
export * from './report-objects';
export type * from './statement-files';
export type * from './statement-index';
export type * from './statement-lines';
export type * from './statement-mappings';
export type * from './statement-parser';
export type * from './statements';
export * from './transaction';

/** The whole set, one store per aggregate: for wiring (an adapter set builds it once), never for a use case's signature. */
export interface Stores {
  funds: FundStore;
  flags: FlagStore;
  pledges: PledgeStore;
  receipts: ReceiptStore;
  disbursements: DisbursementStore;
  organisations: OrganisationStore;
  adminUnits: AdminUnitStore;
  journal: JournalStore;
  statements: StatementStore;
  statementLines: StatementLineStore;
  committees: CommitteeStore;
  plans: PlanStore;
  goods: GoodsStore;
  batches: BatchStore;
  dayIndex: DayIndexStore;
  statementMappings: StatementMappingStore;
  idempotency: IdempotencyStore;
  counters: CounterStore;
  transaction: TransactionPort;
}

/** The object stores (the buckets) and the reader of their statement files, apart from the table's stores: a use case names the one it uses. */
export interface ObjectStores {
  reportObjects: ReportObjectStore;
  statementFiles: StatementFiles;
  statementParser: StatementParser;
}
