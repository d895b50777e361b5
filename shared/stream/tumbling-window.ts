/**
 * The event and answer of a DynamoDB stream consumer whose event source mapping has a tumbling
 * window (`TumblingWindowInSeconds`): every invocation names its shard and stream, and carries
 * the state the previous invocation of the same window and shard answered with. An answer
 * without `state` counts as a failed invocation. @types/aws-lambda types this for Kinesis only.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

export type WindowState = Record<string, string>;

export interface DynamoDBTumblingWindowEvent extends DynamoDBStreamEvent {
  shardId?: string;
  eventSourceARN?: string;
  window?: { start: string; end: string };
  state?: WindowState;
  /** The window is over: the last invocation for it, usually without records; the next one starts with empty state. */
  isFinalInvokeForWindow?: boolean;
  /** The window ended early (its state grew past 1 MB, or the shard ended): the next invocation starts with empty state. */
  isWindowTerminatedEarly?: boolean;
}

export interface DynamoDBTumblingWindowResponse extends DynamoDBBatchResponse {
  state: WindowState;
}
