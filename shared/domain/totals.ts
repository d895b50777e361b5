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

/** How an entry is named where entries of several funds meet (applied markers, failed batches): `fundId#entryId`. */
export const entryKey = (entry: Pick<TotalsEntry, 'fundId' | 'entryId'>): string => `${entry.fundId}#${entry.entryId}`;

/** One counter item's change: the sum of a chunk's deltas for one scope, on one shard. */
export interface CounterUpdate {
  scope: string;
  shard: number;
  /** Only the names that change; a name whose deltas cancel out is left out. */
  deltas: Partial<DeltaSums>;
}

/** Entries and counter updates that must be applied together, in one transaction. */
export interface TotalsChunk {
  entries: TotalsEntry[];
  updates: CounterUpdate[];
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
 * in does not matter for correctness (readers sum all shards, and the applied markers, not the
 * shard, make it exactly-once), so the chunk picks one shard per scope from an entry id: concurrent
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
 * Sums entries per (scope, shard). Entries must be distinct; each scope gets one shard, chosen by
 * {@link shardFor}. Scopes whose deltas cancel out entirely are left out: nothing to write.
 */
export function aggregate(entries: readonly TotalsEntry[], shards: number): CounterUpdate[] {
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
    if (Object.keys(deltas).length > 0) updates.push({ scope, shard: shardFor(anchor, scope, shards), deltas });
  }
  return updates.sort((a, b) => a.scope.localeCompare(b.scope));
}

/** Drops repeated entries (a record delivered twice in one batch) and entries that change nothing. */
export function distinctEffectiveEntries<T extends TotalsEntry>(entries: readonly T[]): T[] {
  const seen = new Set<string>();
  const result: T[] = [];
  for (const entry of entries) {
    const key = `${entry.fundId}#${entry.entryId}`;
    if (seen.has(key) || !hasMoneyEffect(entry.deltas)) continue;
    seen.add(key);
    result.push(entry);
  }
  return result;
}

/**
 * Cuts a batch into chunks that each fit one transaction: one applied marker per entry plus one
 * counter update per scope the chunk touches, at most `maxItems` in all. Chunks keep the batch's
 * order, so when chunk k fails every entry before it is known to be applied.
 */
export function planChunks<T extends TotalsEntry>(
  entries: readonly T[],
  options: { shards: number; maxItems?: number },
): (TotalsChunk & { entries: T[] })[] {
  const maxItems = options.maxItems ?? MAX_TRANSACTION_ITEMS;
  const chunks: (TotalsChunk & { entries: T[] })[] = [];
  let current: T[] = [];
  let scopes = new Set<string>();
  const close = () => {
    if (current.length) chunks.push({ entries: current, updates: aggregate(current, options.shards) });
    current = [];
    scopes = new Set();
  };
  for (const entry of distinctEffectiveEntries(entries)) {
    const entryScopes = totalsScopes(entry);
    const added = entryScopes.filter((scope) => !scopes.has(scope)).length;
    if (current.length && current.length + 1 + scopes.size + added > maxItems) close();
    current.push(entry);
    for (const scope of entryScopes) scopes.add(scope);
  }
  close();
  return chunks;
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

export function subtractSums(a: DeltaSums, b: DeltaSums): DeltaSums {
  const result = emptyDeltaSums();
  for (const name of DELTA_NAMES) result[name] = a[name] - b[name];
  return result;
}

export function isZero(sums: DeltaSums): boolean {
  return DELTA_NAMES.every((name) => sums[name] === 0);
}
