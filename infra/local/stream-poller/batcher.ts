/**
 * A shard's records on their way to the handler: the consumer's filter is applied before
 * batching, as Lambda does, and a batch is sent when it is full or when the batching window
 * since its first record is over.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { type FilterPattern, matchesFilter } from './filter';
import type { PollerStats, StreamConsumer } from './types';

export class Batcher {
  private buffer: DynamoDBRecord[] = [];
  private bufferedSince = 0;

  constructor(
    private readonly consumer: StreamConsumer,
    private readonly windowMs: number,
    private readonly stats: PollerStats,
    private readonly now: () => number,
    /** The tumbling window a record belongs to, if the consumer has windows: a batch never spans two. */
    private readonly windowOf: (record: DynamoDBRecord) => number | undefined = () => undefined,
  ) {}

  /** How many records from the front belong to the first record's window (all of them without windows). */
  private firstWindowSize(): number {
    if (this.buffer.length === 0) return 0;
    const window = this.windowOf(this.buffer[0]!);
    if (window === undefined) return this.buffer.length;
    const other = this.buffer.findIndex((record) => this.windowOf(record) !== window);
    return other === -1 ? this.buffer.length : other;
  }

  /** Keeps the record if the consumer's filter lets it through. */
  add(record: DynamoDBRecord): void {
    if (matchesFilter(this.consumer.filter as unknown as FilterPattern, record)) {
      if (this.buffer.length === 0) this.bufferedSince = this.now();
      this.buffer.push(record);
    } else {
      this.stats.recordsFiltered++;
    }
  }

  get size(): number {
    return this.buffer.length;
  }

  /** Forgets what is held: the shard is read again from the checkpoint. */
  clear(): void {
    this.buffer = [];
  }

  /**
   * Whether a batch should go now: a full one always, and the records of a tumbling window that
   * later records follow; a part batch once the shard has ended, or once the batching window is
   * over unless the shard has a backlog (a full page just read), in which case reading on fills
   * the batch first.
   */
  ready(state: { ended: boolean; backlog: boolean }): boolean {
    if (this.buffer.length >= this.consumer.batchSize || this.firstWindowSize() < this.buffer.length) return true;
    return this.buffer.length > 0 && (state.ended || (!state.backlog && this.now() - this.bufferedSince >= this.windowMs));
  }

  /** The next batch, at most batchSize records of one tumbling window. The rest keeps its arrival time: it has waited as long as the batch taken. */
  take(): DynamoDBRecord[] {
    const batch = this.buffer.slice(0, Math.min(this.consumer.batchSize, this.firstWindowSize()));
    this.buffer = this.buffer.slice(batch.length);
    return batch;
  }

  /** Everything held, as batches of one tumbling window each. */
  takeAll(): DynamoDBRecord[][] {
    const batches: DynamoDBRecord[][] = [];
    while (this.buffer.length) {
      const size = this.firstWindowSize();
      batches.push(this.buffer.slice(0, size));
      this.buffer = this.buffer.slice(size);
    }
    return batches;
  }

  /** How long to wait before polling again: until the window closes, within [10 ms, pollIntervalMs]. */
  waitMs(pollIntervalMs: number): number {
    return this.buffer.length ? Math.min(pollIntervalMs, Math.max(10, this.windowMs - (this.now() - this.bufferedSince))) : pollIntervalMs;
  }
}
