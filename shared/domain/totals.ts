/**
 * Running totals from the journal (DESIGN §6), as pure functions: which counter items a batch of
 * journal entries changes, by how much, and how the writes are cut into atomic chunks.
 *
 * A viral fund hammers one item, so every scope is split into N shard items and readers sum
 * them. A batch is summed in memory first, so a shard item is written once per chunk, not once
 * per entry: at a batch size of 100 a fund's counter sees a handful of writes instead of 100.
 */
import { DELTA_NAMES, emptyDeltaSums, hasMoneyEffect, totalsScopes, type DeltaName, type JournalEntry } from './journal';

export type DeltaSums = Record<DeltaName, number>;

/** What the totals need of a journal entry. */
export type TotalsEntry = Pick<JournalEntry, 'entryId' | 'fundId' | 'day' | 'wardCode' | 'deltas'>;

/**
 * A stream record as the totals see it: its sequence number within its stream shard, and the
 * journal entry it inserts (null for any other record).
 */
export interface SequencedEntry<T extends TotalsEntry = TotalsEntry> {
  sequenceNumber: string;
  entry: T | null;
}

/** One counter's change: the sum of a chunk's deltas for one scope, written to one of its shards. */
export interface CounterUpdate {
  scope: string;
  /** The chunk's lowest entry id in this scope: picks the shard (`shardFor`) where counters are sharded. */
  anchor: string;
  /** Only the names that change; a name whose deltas cancel out is left out. */
  deltas: Partial<DeltaSums>;
}

/** Entries and counter updates that must be applied together, in one transaction with the shard's next checkpoint. */
export interface TotalsChunk<T extends TotalsEntry = TotalsEntry> {
  /** The entries that change something, in stream order. */
  entries: T[];
  updates: CounterUpdate[];
  /** The sequence number of the chunk's first record, and of its last: the checkpoint once it is applied. */
  first: string;
  through: string;
}

/** DynamoDB's limit on the items of one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;

export type ScopeDimension = 'FUND' | 'WARD' | 'DAY';

export interface ParsedScope {
  fundId: string;
  dimension: ScopeDimension;
  /** The ward code or the day; the fund id for the fund scope. */
  value: string;
}

export function parseScope(scope: string): ParsedScope {
  const [fundId, dimension, value] = scope.split('#');
  if (dimension === 'WARD' || dimension === 'DAY') return { fundId: fundId!, dimension, value: value ?? '' };
  return { fundId: fundId!, dimension: 'FUND', value: fundId! };
}

/** FNV-1a, 32 bits: the same shard for the same input in every process and every language. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The shard a chunk writes for a scope: a hash of the chunk's lowest entry id in that scope.
 *
 * Hashing each entry to its own shard would spread one chunk over all N shards and multiply the
 * counter writes by N (0.16 writes per entry at N = 8 instead of 0.02). Which shard an entry lands
 * in does not matter for correctness (readers sum all shards, and the stream checkpoint, not the
 * shard, makes it exactly-once), so the chunk picks one shard per scope from an entry id: concurrent
 * consumers of different stream shards, holding different entries, still spread over the N items.
 */
export function shardFor(anchorEntryId: string, scope: string, shards: number): number {
  return stableHash(`${scope}|${anchorEntryId}`) % Math.max(1, shards);
}

/** The deltas of an entry that change something, as whole numbers. */
function nonZeroDeltas(entry: TotalsEntry): [DeltaName, number][] {
  const result: [DeltaName, number][] = [];
  for (const name of DELTA_NAMES) {
    const value = entry.deltas[name] ?? 0;
    if (value !== 0) result.push([name, value]);
  }
  return result;
}

/**
 * Sums entries per scope. Entries must be distinct (the stream checkpoint sees to it); each
 * scope's update names its anchor, from which the store picks one shard ({@link shardFor}).
 * Scopes whose deltas cancel out entirely are left out: nothing to write.
 */
export function aggregate(entries: readonly TotalsEntry[]): CounterUpdate[] {
  const byScope = new Map<string, { anchor: string; sums: DeltaSums }>();
  for (const entry of entries) {
    const deltas = nonZeroDeltas(entry);
    if (deltas.length === 0) continue;
    for (const scope of totalsScopes(entry)) {
      let slot = byScope.get(scope);
      if (!slot) {
        slot = { anchor: entry.entryId, sums: emptyDeltaSums() };
        byScope.set(scope, slot);
      } else if (entry.entryId < slot.anchor) {
        slot.anchor = entry.entryId;
      }
      for (const [name, value] of deltas) slot.sums[name] += value;
    }
  }
  const updates: CounterUpdate[] = [];
  for (const [scope, { anchor, sums }] of byScope) {
    const deltas: Partial<DeltaSums> = {};
    for (const name of DELTA_NAMES) if (sums[name] !== 0) deltas[name] = sums[name];
    if (Object.keys(deltas).length > 0) updates.push({ scope, anchor, deltas });
  }
  return updates.sort((a, b) => a.scope.localeCompare(b.scope));
}

/** The sequence number as a number: up to 40 digits, so a BigInt, never compared as a string. */
export function sequenceOf(sequenceNumber: string): bigint {
  if (!/^\d{1,40}$/.test(sequenceNumber)) throw new RangeError(`not a stream sequence number: ${sequenceNumber}`);
  return BigInt(sequenceNumber);
}

export interface StreamPlan<T extends TotalsEntry> {
  /** Records at or below the checkpoint, or repeated within the batch: already in the counters, or about to be. */
  skipped: number;
  chunks: TotalsChunk<T>[];
}

/**
 * Plans a stream batch's counter writes after the shard's checkpoint (DESIGN §6): records at or
 * below it, and records at or below one seen earlier in the batch (a repeat), are skipped; the rest
 * are cut, in stream order, into chunks that each fit one transaction with the checkpoint item (one
 * counter update per scope the chunk touches, plus one), at most `maxItems`. Records that change
 * nothing ride in the chunk they fall in; a batch that changes nothing needs no chunk at all.
 */
export function planStream<T extends TotalsEntry>(
  records: readonly SequencedEntry<T>[],
  checkpoint: bigint | null,
  options: { maxItems?: number } = {},
): StreamPlan<T> {
  const maxItems = options.maxItems ?? MAX_TRANSACTION_ITEMS;
  const chunks: TotalsChunk<T>[] = [];
  let skipped = 0;
  let high = checkpoint ?? -1n;
  let entries: T[] = [];
  let scopes = new Set<string>();
  let first: string | undefined;
  let through: string | undefined;
  const close = () => {
    if (entries.length) chunks.push({ entries, updates: aggregate(entries), first: first!, through: through! });
    else if (through !== undefined && chunks.length) chunks[chunks.length - 1]!.through = through;
    entries = [];
    scopes = new Set();
    first = through = undefined;
  };
  for (const record of records) {
    const sequence = sequenceOf(record.sequenceNumber);
    if (sequence <= high) {
      skipped++;
      continue;
    }
    high = sequence;
    const entry = record.entry && hasMoneyEffect(record.entry.deltas) ? record.entry : null;
    if (entry) {
      const entryScopes = totalsScopes(entry);
      const added = entryScopes.filter((scope) => !scopes.has(scope)).length;
      // One item per scope the chunk updates, and one for the checkpoint.
      if (entries.length && scopes.size + added + 1 > maxItems) close();
      entries.push(entry);
      for (const scope of entryScopes) scopes.add(scope);
    }
    first ??= record.sequenceNumber;
    through = record.sequenceNumber;
  }
  close();
  return { skipped, chunks };
}

/** Adds one entry into per-scope sums; memory grows with the scopes, never with the entries. */
export function addToSums(sums: Map<string, DeltaSums>, entry: TotalsEntry): void {
  const deltas = nonZeroDeltas(entry);
  if (deltas.length === 0) return;
  for (const scope of totalsScopes(entry)) {
    let slot = sums.get(scope);
    if (!slot) sums.set(scope, (slot = emptyDeltaSums()));
    for (const [name, value] of deltas) slot[name] += value;
  }
}

/** Adds up the journal per scope: what the counters must hold. */
export function sumJournal(entries: Iterable<TotalsEntry>): Map<string, DeltaSums> {
  const sums = new Map<string, DeltaSums>();
  for (const entry of entries) addToSums(sums, entry);
  return sums;
}

export function addSums(a: DeltaSums, b: DeltaSums): DeltaSums {
  const result = emptyDeltaSums();
  for (const name of DELTA_NAMES) result[name] = a[name] + b[name];
  return result;
}

export function subtractSums(a: DeltaSums, b: DeltaSums): DeltaSums {
  const result = emptyDeltaSums();
  for (const name of DELTA_NAMES) result[name] = a[name] - b[name];
  return result;
}

export function isZero(sums: DeltaSums): boolean {
  return DELTA_NAMES.every((name) => sums[name] === 0);
}

/**
 * A link of a shard's checkpoint chain: a chunk applied from checkpoint `from` up to `to`, its
 * records from `first` on (the first its delivery held after `from`; absent on older links).
 */
export interface CheckpointChainLink {
  from: string;
  to: string;
  first?: string;
}

/**
 * Given the newest link of a chain that starts at or below `sequenceNumber`, how far the shard had
 * been applied when it moved past it (DESIGN §6): the link's end if it ends at or below it (nothing
 * moved past it since: a later link would start from that end); the link's end too if its chunk
 * began at or below it (a delivery of the same records committed them, then crashed or lost its
 * answer, and the retries were given up on); otherwise the link's start (null for a new shard):
 * the event source skipped the records in between.
 */
export function appliedWhenMovedPast(link: CheckpointChainLink, sequenceNumber: string): string | null {
  const at = sequenceOf(sequenceNumber);
  if (sequenceOf(link.to) <= at) return link.to;
  if (link.first !== undefined && sequenceOf(link.first) <= at) return link.to;
  return sequenceOf(link.from) === 0n ? null : link.from;
}
