/** Item keys of the single-table design (DESIGN §4). Every item also carries a `kind`. */
import { stableHash } from '../../domain/totals';

/**
 * A fund's journal is spread over this many partitions (DESIGN §4.2). Fixed for good: every
 * reader must know each partition an entry can be in.
 */
export const JOURNAL_PARTITIONS = 8;

/** The partition of a fund's journal that holds an entry: a hash of its id, the same everywhere. */
export function journalPartitionOf(entryId: string): number {
  return stableHash(entryId) % JOURNAL_PARTITIONS;
}

export const keys = {
  fund: (fundId: string) => ({ pk: `FUND#${fundId}`, sk: 'META' }),
  fundsIndex: () => ({ gsi1pk: 'FUNDS' }),
  province: (provinceCode: string) => ({ pk: 'ADMIN', sk: `PROVINCE#${provinceCode}` }),
  provincesPartition: () => 'ADMIN',
  provinceSortPrefix: () => 'PROVINCE#',
  adminUnit: (provinceCode: string, wardCode: string) => ({ pk: `ADMIN#${provinceCode}`, sk: `WARD#${wardCode}` }),
  adminUnitsPartition: (provinceCode: string) => `ADMIN#${provinceCode}`,
  /** A pledge, by its reference code: the key itself keeps the code unique. */
  pledge: (ref: string) => ({ pk: `PLEDGE#${ref}`, sk: 'META' }),
  /** Guards the uniqueness of a disbursement's reference code and points at it. */
  ref: (ref: string) => ({ pk: `REF#${ref}`, sk: 'REF' }),
  journal: (fundId: string, entryId: string) => ({ pk: `JOURNAL#${fundId}#${journalPartitionOf(entryId)}`, sk: entryId }),
  /** Every partition of a fund's journal, each sorted by entry id. */
  journalPartitions: (fundId: string) => Array.from({ length: JOURNAL_PARTITIONS }, (_, n) => `JOURNAL#${fundId}#${n}`),
  totalsPartition: (scope: string) => `TOTAL#${scope}`,
  /** A transfer search partition (DESIGN §7.1): one fund's gifts of one day and exact amount whose search keys begin alike. */
  transferPartition: (fundId: string, day: string, amount: number | string, keyStart: string) => `TXN#${fundId}#${day}#${amount}#${keyStart}`,
  totalsShard: (scope: string, shard: number) => ({ pk: `TOTAL#${scope}`, sk: `SHARD#${String(shard).padStart(3, '0')}` }),
  /** Lists a fund's ward or day scopes in one gsi1 query: set on their shard items. */
  totalsIndex: (fundId: string, dimension: 'WARD' | 'DAY', value: string, shard: number) => ({
    gsi1pk: `TOTALS#${fundId}#${dimension}`,
    gsi1sk: `${value}#${String(shard).padStart(3, '0')}`,
  }),
  totalsIndexPartition: (fundId: string, dimension: 'WARD' | 'DAY') => `TOTALS#${fundId}#${dimension}`,
  /** A stream shard's checkpoint chain (DESIGN §6): one link per applied chunk, sorted by the checkpoint it starts from. */
  checkpointChain: (stream: string, shardId: string) => `CHECKPOINT#${stream}#${shardId}`,
  receipt: (id: string) => ({ pk: `RECEIPT#${id}`, sk: 'META' }),
  disbursement: (id: string) => ({ pk: `DISB#${id}`, sk: 'META' }),
  organisation: (id: string) => ({ pk: `ORG#${id}`, sk: 'META' }),
  /** gsi1: every organisation, by id (so by registration time). A committee has hundreds, not millions. */
  organisationsIndex: () => 'ORGS',
  apiKey: (keyHash: string) => ({ pk: `APIKEY#${keyHash}`, sk: 'APIKEY' }),
  unique: (name: string) => ({ pk: `UNIQUE#${name}`, sk: 'UNIQUE' }),
  fundBalance: (fundId: string) => ({ pk: `FUND#${fundId}`, sk: 'BALANCE' }),
  /** gsi1: every journal entry of one aggregate, for the audit trail. */
  entityIndex: (entityRef: string) => `ENTITY#${entityRef}`,
  /** gsi1: a fund's disbursements. */
  fundDisbursementsIndex: (fundId: string) => `DISBS#${fundId}`,
  /** gsi1: an organisation's API keys, by issue time. */
  orgApiKeysIndex: (orgId: string) => `ORGKEYS#${orgId}`,
  /** gsi1: an organisation's pledges. */
  orgPledgesIndex: (orgId: string) => `ORGPLEDGES#${orgId}`,
  idempotency: (scope: string, key: string) => ({ pk: `IDEMP#${scope}#${key}`, sk: 'IDEMP' }),
  /** Bank statements (DESIGN §9): the statement, and its lines in batches under it, by first line number. */
  statement: (id: string) => ({ pk: `STMT#${id}`, sk: 'META' }),
  statementBatch: (statementId: string, firstLineNo: number) => ({ pk: `STMTB#${statementId}`, sk: `B#${String(firstLineNo).padStart(9, '0')}` }),
  statementBatchPartition: (statementId: string) => `STMTB#${statementId}`,
  statementBatchSort: (lineNo: number) => `B#${String(lineNo).padStart(9, '0')}`,
  /** gsi1: a fund's statements, by id (time-ordered). */
  fundStatementsIndex: (fundId: string) => `STMTS#${fundId}`,
  /** The day index of an account (§9.2): its head (the fence) and one chunk of prints per batch. */
  dayIndexPartition: (account: string, valueDate: string) => `IDX#${account}#${valueDate}`,
  dayHead: (account: string, valueDate: string) => ({ pk: `IDX#${account}#${valueDate}`, sk: 'HEAD' }),
  indexChunk: (account: string, valueDate: string, statementId: string, firstLineNo: number) => ({
    pk: `IDX#${account}#${valueDate}`,
    sk: `C#${statementId}#${String(firstLineNo).padStart(9, '0')}`,
  }),
  /** How many receipts were recorded by hand with a bank reference in the fund: what an import fences on. */
  bankRefs: (fundId: string) => ({ pk: `BANKREFS#${fundId}`, sk: 'COUNT' }),
  /** Saved column mappings (§9.6): the current one, and every version. */
  mapping: (id: string) => ({ pk: `MAPPING#${id}`, sk: 'META' }),
  mappingVersion: (id: string, version: number) => ({ pk: `MAPPING#${id}`, sk: `V#${String(version).padStart(6, '0')}` }),
  mappingPartition: (id: string) => `MAPPING#${id}`,
  mappingsIndex: () => 'MAPPINGS',
  /** gsi2 (sparse): a fund's open pledges that have a due date, by `<dueDate>#<id>`. */
  duePledgesIndex: (fundId: string) => `DUEPLEDGES#${fundId}`,
  heldNamesIndex: (fundId: string) => `HELDNAMES#${fundId}`,
  /** Committees that are not an official unit; gsi1 lists a parent's own children. */
  committee: (committeeId: string) => ({ pk: `COMMITTEE#${committeeId}`, sk: 'META' }),
  committeeChildrenIndex: (parentId: string) => `COMMITTEES#${parentId}`,
  /** A fund's plan: its header and one item per ward, in one partition. */
  planHeader: (fundId: string) => ({ pk: `PLAN#${fundId}`, sk: 'META' }),
  planWard: (fundId: string, wardCode: string) => ({ pk: `PLAN#${fundId}`, sk: `WARD#${wardCode}` }),
  planPartition: (fundId: string) => `PLAN#${fundId}`,
  planWardPrefix: () => 'WARD#',
  /** Goods lots and hand-overs; gsi1 lists a fund's, by id. */
  goodsLot: (id: string) => ({ pk: `GOODS#${id}`, sk: 'META' }),
  goodsHandover: (id: string) => ({ pk: `GOODSOUT#${id}`, sk: 'META' }),
  fundGoodsIndex: (fundId: string) => `GOODS#${fundId}`,
  fundHandoversIndex: (fundId: string) => `GOODSOUT#${fundId}`,
  /** A flag (DESIGN §7.4); gsi1 lists a fund's, by id. */
  flag: (id: string) => ({ pk: `FLAG#${id}`, sk: 'META' }),
  fundFlagsIndex: (fundId: string) => `FLAGS#${fundId}`,
  /** An organisation's batch and its rows, in one partition; gsi1 lists an organisation's batches. */
  batch: (id: string) => ({ pk: `BATCH#${id}`, sk: 'META' }),
  batchRows: (id: string, index: number) => ({ pk: `BATCH#${id}`, sk: `ROWS#${String(index).padStart(4, '0')}` }),
  orgBatchesIndex: (orgId: string) => `ORGBATCHES#${orgId}`,
};
