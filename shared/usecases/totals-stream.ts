/**
 * Applying the journal's stream to the running totals exactly once (DESIGN §6): the stream
 * consumer's batches, and the replay of batches the event source gave up on.
 */
import type { JournalEntry } from '../domain/journal';
import { hasMoneyEffect } from '../domain/journal';
import { planStream, sequenceOf, type SequencedEntry } from '../domain/totals';
import { SoVangError } from '../errors';
import { CheckpointMovedError, type CounterStore, type StreamShard } from './ports';

export type StreamCounters = Pick<CounterStore, 'checkpoint' | 'checkpointBefore' | 'applyChunk'>;

export interface ApplyReport {
  /** Entries this call added to the counters, by id. */
  applied: string[];
  /** Entries (records with an effect) an earlier delivery had already added: at or below the checkpoint, or repeated. */
  skipped: number;
  /** Counter writes (one per scope and chunk): the figure that batching keeps low. */
  counterWrites: number;
  transactions: number;
  /** The shard's checkpoint after this call, when known: the next delivery's hint. */
  checkpoint?: string;
}

export interface BatchOutcome {
  /** How many leading records are in the counters (now or from an earlier delivery). */
  doneCount: number;
  /** Why the record at `doneCount` is not; absent when the whole batch is done. */
  error?: Error;
  report: ApplyReport;
}

/** Another delivery of the same records moved the checkpoint: plan again this many times at most. */
const MAX_REPLANS = 20;

function effectiveCount(values: readonly SequencedEntry[], until: number): number {
  let n = 0;
  for (let i = 0; i < until; i++) if (values[i]!.entry && hasMoneyEffect(values[i]!.entry!.deltas)) n++;
  return n;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Primary course:
 *  1. Start from the shard's checkpoint: the hint a delivery of this shard left, or a read.
 *  2. Plan the records after it in chunks of one transaction each, in stream order.
 *  3. Apply each chunk with the move of the checkpoint to its last record.
 *  4. Another delivery moved the checkpoint first: read it again and plan again (what it applied is
 *     now at or below it). With `stopWhenMoved` (a replay), stop instead and let the caller decide.
 *  5. On failure, the first record of the chunk not applied is where the stream must resume.
 */
export async function applyJournalBatch(
  counters: Pick<StreamCounters, 'checkpoint' | 'applyChunk'>,
  shard: StreamShard,
  values: readonly SequencedEntry<JournalEntry>[],
  options: { enoughTime?: () => boolean; checkpoint?: string; stopWhenMoved?: boolean } = {},
): Promise<BatchOutcome> {
  const report: ApplyReport = { applied: [], skipped: 0, counterWrites: 0, transactions: 0 };
  let current: string | null;
  try {
    current = options.checkpoint ?? (await counters.checkpoint(shard));
  } catch (error) {
    return { doneCount: 0, error: asError(error), report };
  }
  let position = 0;
  let replans = 0;
  for (;;) {
    const rest = values.slice(position);
    const [chunk] = planStream(rest, current === null ? null : sequenceOf(current)).chunks;
    if (!chunk) break;
    try {
      if (report.transactions > 0 && options.enoughTime && !options.enoughTime()) throw new SoVangError('Too little time left for another chunk');
      await counters.applyChunk(shard, chunk, current);
    } catch (error) {
      let reason = asError(error);
      if (error instanceof CheckpointMovedError && !options.stopWhenMoved && ++replans <= MAX_REPLANS) {
        try {
          current = await counters.checkpoint(shard);
          continue;
        } catch (readError) {
          reason = asError(readError);
        }
      }
      const doneCount = position + rest.findIndex((r) => r.sequenceNumber === chunk.first);
      report.skipped = effectiveCount(values, doneCount) - report.applied.length;
      if (current !== null) report.checkpoint = current;
      return { doneCount, error: reason, report };
    }
    current = chunk.through;
    report.transactions++;
    report.counterWrites += chunk.updates.length;
    report.applied.push(...chunk.entries.map((e) => e.entryId));
    position += rest.findIndex((r) => r.sequenceNumber === chunk.through) + 1;
  }
  report.skipped = effectiveCount(values, values.length) - report.applied.length;
  if (current !== null) report.checkpoint = current;
  return { doneCount: values.length, report };
}

/**
 * Replays a batch the event source gave up on (its on-failure destination holds it), exactly once
 * (DESIGN §6). Its records are in order and come from one shard; replay whole batches, as given.
 *
 * Primary course:
 *  1. The shard has not moved past the batch: apply it on the shard's own checkpoint, like a
 *     redelivery (what a failed delivery applied is at or below the checkpoint).
 *  2. It has moved past: the records at or below the checkpoint it had when it moved past were
 *     applied; apply the others under a checkpoint of the batch's own
 *     (`<shardId>#replay-<first sequence number>`), so replaying it again applies nothing.
 *  3. The shard moves past while the replay runs: look again, from step 1.
 */
export async function replayDiscarded(counters: StreamCounters, shard: StreamShard, values: readonly SequencedEntry<JournalEntry>[]): Promise<BatchOutcome> {
  if (values.length === 0) return { doneCount: 0, report: { applied: [], skipped: 0, counterWrites: 0, transactions: 0 } };
  const last = values.reduce((max, v) => (sequenceOf(v.sequenceNumber) > max ? sequenceOf(v.sequenceNumber) : max), 0n);
  const first = values.reduce((min, v) => (sequenceOf(v.sequenceNumber) < min ? sequenceOf(v.sequenceNumber) : min), last);
  for (let round = 0; round < MAX_REPLANS; round++) {
    const head = await counters.checkpoint(shard);
    if (head === null || sequenceOf(head) < last) {
      const outcome = await applyJournalBatch(counters, shard, values, { checkpoint: head ?? undefined, stopWhenMoved: true });
      if (!(outcome.error instanceof CheckpointMovedError)) return outcome;
      continue;
    }
    const applied = await counters.checkpointBefore(shard, String(last));
    const fresh = applied === null ? values : values.filter((v) => sequenceOf(v.sequenceNumber) > sequenceOf(applied));
    const outcome = await applyJournalBatch(counters, { stream: shard.stream, shardId: `${shard.shardId}#replay-${first}` }, fresh);
    // The outcome counts within `fresh`: say where the replay stopped among the records given.
    const doneCount = outcome.doneCount >= fresh.length ? values.length : values.indexOf(fresh[outcome.doneCount]!);
    return { ...outcome, doneCount, report: { ...outcome.report, skipped: outcome.report.skipped + effectiveCount(values, values.length) - effectiveCount(fresh, fresh.length) } };
  }
  return { doneCount: 0, error: new SoVangError('The shard kept moving while the replay ran; try again'), report: { applied: [], skipped: 0, counterWrites: 0, transactions: 0 } };
}
