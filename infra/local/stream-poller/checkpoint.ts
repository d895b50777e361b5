/**
 * The poller's own position in the stream, per shard: the last sequence number handled and
 * whether the shard was read to its end. Kept in a file, written whole and then renamed, so a
 * restarted twin resumes with AFTER_SEQUENCE_NUMBER; without a file every start is at
 * TRIM_HORIZON.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

interface CheckpointDocument {
  version: 1;
  streamArn: string;
  shards: Record<string, { sequenceNumber?: string; closed?: boolean }>;
}

export class Checkpoint {
  private constructor(
    private readonly file: string | undefined,
    private readonly document: CheckpointDocument,
  ) {}

  /** The saved checkpoint of this stream, or an empty one (a missing, unreadable or other stream's file). */
  static load(file: string | undefined, streamArn: string, log: (line: string) => void): Checkpoint {
    if (file) {
      try {
        const saved = JSON.parse(readFileSync(file, 'utf8')) as CheckpointDocument;
        if (saved.version === 1 && saved.streamArn === streamArn) return new Checkpoint(file, saved);
        log(`Stream checkpoint is for another stream (${saved.streamArn}); starting at TRIM_HORIZON`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`Stream checkpoint unreadable (${(error as Error).message}); starting at TRIM_HORIZON`);
      }
    }
    return new Checkpoint(file, { version: 1, streamArn, shards: {} });
  }

  save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.document, null, 2));
    renameSync(temporary, this.file);
  }

  /** The last sequence number handled in the shard, if any. */
  positionIn(shardId: string): string | undefined {
    return this.document.shards[shardId]?.sequenceNumber;
  }

  /** Moves the shard's position forward to `sequenceNumber` (never back) and saves. */
  advance(shardId: string, sequenceNumber: string | undefined): void {
    if (!sequenceNumber) return;
    const state = (this.document.shards[shardId] ??= {});
    if (state.sequenceNumber && BigInt(state.sequenceNumber) >= BigInt(sequenceNumber)) return;
    state.sequenceNumber = sequenceNumber;
    this.save();
  }

  /** The records after the position have left the stream: the shard is read again from its oldest record. */
  forgetPosition(shardId: string): void {
    const state = this.document.shards[shardId];
    if (state) delete state.sequenceNumber;
  }

  /** The shard was read to its end: its children may start, and a restart does not read it again. */
  close(shardId: string): void {
    (this.document.shards[shardId] ??= {}).closed = true;
    this.save();
  }

  isClosed(shardId: string): boolean {
    return this.document.shards[shardId]?.closed === true;
  }
}
