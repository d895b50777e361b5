import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { WindowState } from '../../../shared/stream/tumbling-window';
import type { streamConsumers } from '../../../shared/resources';

/** The settings of a stream consumer in shared/resources.ts that the event source applies. */
export interface StreamConsumer {
  id: string;
  entry: string;
  filter: object;
  batchSize: number;
  maxBatchingWindowSeconds: number;
  /** Lambda's tumbling window: every invocation names its shard and carries the window's state. */
  tumblingWindowSeconds?: number;
  bisectBatchOnError: boolean;
  retryAttempts: number;
  maxRecordAgeSeconds: number;
  /** Without it Lambda ignores what the handler returns: only a thrown error fails a batch. */
  reportBatchItemFailures?: boolean;
  startingPosition?: 'TRIM_HORIZON' | 'LATEST';
}
type Declared = (typeof streamConsumers)[number];
// Fails to compile if shared/resources.ts stops declaring what the local event source needs.
const _declaredFits: StreamConsumer = {} as Declared;

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<(DynamoDBBatchResponse & { state?: WindowState }) | void | undefined>;

export interface PollerStats {
  invocations: number;
  /** Records handed to the handler, counting every redelivery. */
  recordsDelivered: number;
  /** Records the consumer has finished with (handled, or sent to the on-failure destination). */
  recordsCompleted: number;
  recordsFiltered: number;
  failedInvocations: number;
  bisections: number;
  discarded: number;
  shards: number;
}

export function emptyStats(): PollerStats {
  return { invocations: 0, recordsDelivered: 0, recordsCompleted: 0, recordsFiltered: 0, failedInvocations: 0, bisections: 0, discarded: 0, shards: 0 };
}
