/**
 * Lambda's tumbling windows for a stream event source: windows of `seconds`, aligned to the
 * epoch, that a record belongs to by the time it was written to the stream
 * (`ApproximateCreationDateTime`). A batch holds records of one window; every invocation names
 * its shard and stream and carries the state the last invocation of the same window and shard
 * answered with; when a window is over, a final invocation (no records,
 * `isFinalInvokeForWindow`) ends it, and the next window starts with empty state.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import type { DynamoDBTumblingWindowEvent, WindowState } from '../../../shared/stream/tumbling-window';

export interface Window {
  start: number;
  end: number;
}

export class TumblingWindows {
  private readonly open = new Map<string, { window: Window; state: WindowState }>();

  constructor(
    private readonly seconds: number,
    private readonly streamArn: string,
  ) {}

  windowOf(record: DynamoDBRecord): Window {
    const at = record.dynamodb?.ApproximateCreationDateTime ?? 0;
    const start = Math.floor(at / this.seconds) * this.seconds;
    return { start, end: start + this.seconds };
  }

  /** The event for a batch of one window, with the shard's state in that window. */
  event(shardId: string, batch: DynamoDBRecord[]): DynamoDBTumblingWindowEvent {
    const window = this.windowOf(batch[0]!);
    const open = this.open.get(shardId);
    const state = open && open.window.start === window.start ? open.state : {};
    return { Records: batch, shardId, eventSourceARN: this.streamArn, window: iso(window), state, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false };
  }

  /** Keeps what an invocation answered as its window's state. */
  keep(shardId: string, batch: DynamoDBRecord[], state: WindowState): void {
    this.open.set(shardId, { window: this.windowOf(batch[0]!), state });
  }

  /**
   * The final invocation a shard owes before a batch of a later window (or, with no batch, once
   * `nowSeconds` is past its window's end, or the shard `ended`); null when it owes none. Call
   * `closed` once it succeeded.
   */
  finalEvent(shardId: string, next: { batch?: DynamoDBRecord[]; nowSeconds: number; ended?: boolean }): DynamoDBTumblingWindowEvent | null {
    const open = this.open.get(shardId);
    if (!open) return null;
    const over = next.batch ? this.windowOf(next.batch[0]!).start !== open.window.start : next.ended || next.nowSeconds >= open.window.end;
    if (!over) return null;
    return { Records: [], shardId, eventSourceARN: this.streamArn, window: iso(open.window), state: open.state, isFinalInvokeForWindow: true, isWindowTerminatedEarly: false };
  }

  closed(shardId: string): void {
    this.open.delete(shardId);
  }
}

function iso(window: Window): { start: string; end: string } {
  return { start: new Date(window.start * 1000).toISOString(), end: new Date(window.end * 1000).toISOString() };
}
