/**
 * The running totals (DESIGN §6): counters per fund, per ward and per day that the stream
 * consumer adds each journal entry to exactly once, and that the API and the drift check read.
 * A scope is `fundId`, `fundId#WARD#<code>` or `fundId#DAY#<YYYY-MM-DD>`.
 *
 * Exactly once rests on a checkpoint per stream shard: the highest sequence number whose entry is
 * in the counters, moved in the same transaction as the counters.
 */
import type { DeltaSums, TotalsChunk } from '../../domain/totals';
import { SoVangError } from '../../errors';

/** Where stream records come from: a stream (its ARN) and one of its shards. */
export interface StreamShard {
  stream: string;
  shardId: string;
}

/**
 * The shard's checkpoint is no longer the one a chunk was planned from: another delivery of the
 * same records moved it first. Nothing was written; read the checkpoint again and plan again.
 */
export class CheckpointMovedError extends SoVangError {}

export interface ScopeCounters {
  scope: string;
  sums: DeltaSums;
}

export interface CounterStore {
  /** One scope's counters, strongly consistent; zeros for a scope nothing was added to. */
  readScope(scope: string): Promise<DeltaSums>;
  /**
   * Several scopes' counters as of one instant: no transaction of the consumer is half in them
   * (one TransactGetItems). At most 12 scopes; zeros for a scope nothing was added to.
   */
  readTogether(scopes: readonly string[]): Promise<Map<string, DeltaSums>>;
  /** Every ward or day scope of a fund that has counters, by scope; days optionally within [from, to]. */
  listScopes(fundId: string, dimension: 'WARD' | 'DAY', range?: { from?: string; to?: string }): Promise<ScopeCounters[]>;
  /**
   * Every counter of a fund: the fund, its wards and its days. With `consistent`, each scope is
   * read strongly consistent (never trusting an index), `alsoScopes` included.
   */
  readFund(fundId: string, options?: { consistent?: boolean; alsoScopes?: Iterable<string> }): Promise<Map<string, DeltaSums>>;
  /**
   * Adds a chunk's counter updates and moves the shard's checkpoint from `from` (null: a shard
   * with no checkpoint yet) to `chunk.through`, in one transaction. CheckpointMovedError when the
   * checkpoint is no longer `from`; throttling and conflicts are retried a few times first.
   * `from` must be a value the shard's checkpoint had (read, or reached by an earlier chunk): the
   * chain cannot tell a value it never held from the newest one.
   */
  applyChunk(shard: StreamShard, chunk: Pick<TotalsChunk, 'updates' | 'first' | 'through'>, from: string | null): Promise<void>;
  /** The shard's checkpoint: the highest sequence number applied from it; null before its first chunk. */
  checkpoint(shard: StreamShard): Promise<string | null>;
  /**
   * How far the shard had been applied when it first moved past `sequenceNumber`: the records of a
   * discarded batch at or below it were applied, the others never were (DESIGN §6). The
   * shard's checkpoint if it has not moved past it yet; null if nothing was applied before it.
   * When the chunk that moved past it began at or below it (a delivery of the same records that
   * committed, then crashed or lost its answer), that chunk's end: its records were applied.
   */
  checkpointBefore(shard: StreamShard, sequenceNumber: string): Promise<string | null>;
}

