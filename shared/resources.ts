/**
 * Stateful resources, declared once. The CDK stateful stack and the local twin both build
 * their tables, buckets, stream consumers and schedules from these declarations.
 */
export const ledgerTable = {
  id: 'Ledger',
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Inverted and lookup indexes. `gsi1` finds an item by a secondary key (reference code, API key hash…). */
  globalSecondaryIndexes: [{ indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  streamView: 'NEW_IMAGE',
  timeToLiveAttribute: 'expiresAt',
} as const;

export const buckets = {
  reports: { id: 'Reports', versioned: true, objectLock: true },
  evidence: { id: 'Evidence', versioned: true, objectLock: false },
  statements: { id: 'Statements', versioned: false, objectLock: false },
} as const;

export type BucketKey = keyof typeof buckets;

/** The journal insert filter, as a Lambda event-source filter pattern. */
export const journalInsertFilter = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { kind: { S: ['JOURNAL'] } } },
} as const;

export const streamConsumers = [
  {
    id: 'Totals',
    entry: 'functions/totals/stream.ts',
    filter: journalInsertFilter,
    batchSize: 100,
    maxBatchingWindowSeconds: 1,
    bisectBatchOnError: true,
    retryAttempts: 10,
    maxRecordAgeSeconds: 6 * 3600,
    parallelizationFactor: 1,
  },
] as const;

export const schedules = [
  {
    id: 'NightlyReport',
    entry: 'functions/reports/nightly.ts',
    /** 00:30 every night, Vietnam time. */
    cron: 'cron(30 0 * * ? *)',
    timezone: 'Asia/Ho_Chi_Minh',
  },
] as const;
