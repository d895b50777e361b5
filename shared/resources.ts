/**
 * Stateful resources, declared once. The CDK stateful stack and the local twin both build
 * their tables, buckets, stream consumers and schedules from these declarations.
 */
import { REPORT_TIME } from './reports/layout';

export const ledgerTable = {
  id: 'Ledger',
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Inverted and lookup indexes. `gsi1` finds an item by a secondary key (reference code, API key hash…). */
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Sparse lists that gsi1 cannot hold because the item already uses it: open pledges by due date, lines to review. */
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
  streamView: 'NEW_IMAGE',
  timeToLiveAttribute: 'expiresAt',
} as const;

/**
 * Object Lock (compliance mode) holds published reports in every stage, and in prod also the
 * evidence behind payouts and the bank statements the ledger was built from (DESIGN §10): nobody,
 * root included, can delete or overwrite a locked version. The names files of reports (DESIGN §7)
 * live apart, unversioned and unlocked, because a donor's withdrawal must erase the name: a
 * rewritten object leaves no older version behind.
 */
export const buckets = {
  reports: { id: 'Reports', versioned: true, objectLock: 'always' },
  evidence: { id: 'Evidence', versioned: true, objectLock: 'prod' },
  statements: { id: 'Statements', versioned: true, objectLock: 'prod' },
  names: { id: 'Names', versioned: false, objectLock: 'never' },
} as const satisfies Record<string, { id: string } & ({ versioned: true; objectLock: 'always' | 'prod' } | { versioned: false; objectLock: 'never' })>;

export type BucketKey = keyof typeof buckets;

/** The journal insert filter, as a Lambda event-source filter pattern. */
export const journalInsertFilter = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { kind: { S: ['JOURNAL'] } } },
} as const;

/**
 * Stream consumers and their event source settings; the local twin's poller applies the same ones
 * (infra/local/stream-poller.ts).
 */
export const streamConsumers = [
  {
    id: 'Totals',
    entry: 'functions/totals/stream.ts',
    filter: journalInsertFilter,
    /** 100 entries sum into a few counter writes and one checkpoint link; chunks keep each transaction within 100 items. */
    batchSize: 100,
    /**
     * Lambda's smallest: a batch goes as soon as the poller reads it, so a pledge is in the live
     * totals within a second (DESIGN §13). Under load the batches fill anyway while the previous
     * one is applied; under light load a batch holds few entries, and costs a chunk each.
     */
    maxBatchingWindowSeconds: 0,
    /**
     * With a tumbling window every invocation names its stream shard, whose checkpoint makes the
     * totals exactly once (DESIGN §6); the window's state carries the checkpoint as a hint.
     */
    tumblingWindowSeconds: 5,
    bisectBatchOnError: true,
    retryAttempts: 10,
    /** A discarded batch goes to the on-failure destination, and `replayDiscarded` applies it once (DESIGN §6). */
    maxRecordAgeSeconds: 6 * 3600,
    parallelizationFactor: 1,
    /** The handler reports the first entry it could not apply and every record after it. */
    reportBatchItemFailures: true,
    /** From the oldest record: the checkpoints make a replay harmless, a skipped entry would not be. */
    startingPosition: 'TRIM_HORIZON',
  },
  {
    id: 'TransferIndex',
    entry: 'functions/funds/transfer-index.ts',
    /** Statement line batches (new, and changed by a clerk's decision) and receipts: the gifts a donor searches (DESIGN §7.1). */
    filter: {
      eventName: ['INSERT', 'MODIFY'],
      dynamodb: { NewImage: { kind: { S: ['STATEMENT_BATCH', 'RECEIPT'] } } },
    },
    /** A batch item holds up to 250 lines: a few batches make one consumer call of a few BatchWrites. */
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    bisectBatchOnError: true,
    retryAttempts: 10,
    maxRecordAgeSeconds: 6 * 3600,
    parallelizationFactor: 1,
    /** Puts are idempotent: a batch is retried whole. */
    reportBatchItemFailures: true,
    startingPosition: 'TRIM_HORIZON',
  },
] as const;

/**
 * Functions started by an object arriving in a bucket (S3 event notifications in AWS; in the twin
 * a poller lists the prefix and invokes the same entry with the same event shape). The function
 * is invoked asynchronously, so it may outlive any HTTP request.
 */
export const bucketConsumers = [
  {
    id: 'StatementImport',
    entry: 'functions/statements/import.ts',
    bucket: 'statements',
    prefix: 'uploads/',
    events: ['s3:ObjectCreated:*'],
    /** A 200,000-line statement runs for minutes; an unfinished import re-triggers itself (see the entry). */
    timeoutSeconds: 900,
    memoryMB: 1024,
    /** Reads and writes the ledger table; reads the statements bucket and rewrites the object's metadata to continue. */
    access: { table: 'readWrite', buckets: { statements: 'readWrite' } },
  },
] as const;

export const schedules = [
  {
    id: 'NightlyReport',
    entry: 'functions/reports/nightly.ts',
    /** 00:30 every night, Vietnam time (the time the portal tells donors, from the report layout). */
    cron: `cron(${REPORT_TIME.minute} ${REPORT_TIME.hour} * * ? *)`,
    timezone: 'Asia/Ho_Chi_Minh',
  },
] as const;
