/**
 * `tree.bin`: the stored levels of the Merkle tree, so proofs for a million-entry report take a
 * few ranged reads instead of re-hashing the whole report.
 *
 * Layout (no header; everything follows from the tree size n): the hashes of level 0 (the leaves),
 * then of level 8, 16, 24… Level h holds ⌊n / 2^h⌋ hashes: the complete, aligned subtrees of
 * 2^h leaves, 32 bytes each, in order. Any subtree hash is then a fold of at most 128 hashes of one
 * stored level (or, at the ragged right edge, a few such folds), so a proof touches a handful of
 * 8 KiB tiles. The file costs 32 bytes per entry plus 0.4 %; it is published and covered by the
 * manifest, and anyone can rebuild it from entries.jsonl.
 */
import { nodeHash, splitPoint, type SubtreeSource } from './merkle';
import { portableHasher, type Hasher } from './sha256';

export const TILE_HEIGHT = 8;
export const HASH_BYTES = 32;
const TILE_WIDTH = 1 << TILE_HEIGHT;

/** Stored levels (heights) of a tree of n leaves, each with its hash count and byte offset. */
export function treeFileLevels(size: number): { height: number; count: number; offset: number }[] {
  const levels: { height: number; count: number; offset: number }[] = [];
  let offset = 0;
  for (let height = 0; ; height += TILE_HEIGHT) {
    const count = Math.floor(size / 2 ** height);
    if (count === 0 && height > 0) break;
    levels.push({ height, count, offset });
    offset += count * HASH_BYTES;
    if (count === 0) break;
  }
  return levels;
}

export function treeFileSize(size: number): number {
  return treeFileLevels(size).reduce((sum, level) => sum + level.count * HASH_BYTES, 0);
}

/**
 * Collects the upper levels while the leaves stream past. They are 1/256 of the leaf bytes
 * (125 KB per million entries), so they are kept in memory and written after the leaves.
 */
export class UpperLevels {
  private readonly levels = new Map<number, Uint8Array[]>();

  onSubtree = (height: number, _index: number, hash: Uint8Array): void => {
    if (height === 0 || height % TILE_HEIGHT !== 0) return;
    let level = this.levels.get(height);
    if (!level) this.levels.set(height, (level = []));
    level.push(hash);
  };

  /** The bytes that follow the leaves in tree.bin, in level order. */
  *chunks(): Iterable<Uint8Array> {
    const heights = [...this.levels.keys()].sort((a, b) => a - b);
    for (const height of heights) for (const hash of this.levels.get(height)!) yield hash;
  }
}

export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

/** Subtree hashes from a tree file read through ranged reads, with the tiles it fetched cached. */
export function treeFileSubtrees(size: number, read: RangeReader, hasher: Hasher = portableHasher): SubtreeSource & { reads: () => number } {
  const levels = new Map(treeFileLevels(size).map((level) => [level.height, level]));
  const tiles = new Map<string, Promise<Uint8Array>>();
  let reads = 0;

  const tile = (height: number, tileIndex: number): Promise<Uint8Array> => {
    const key = `${height}/${tileIndex}`;
    let found = tiles.get(key);
    if (!found) {
      const level = levels.get(height)!;
      const first = tileIndex * TILE_WIDTH;
      const count = Math.min(TILE_WIDTH, level.count - first);
      reads++;
      found = read(level.offset + first * HASH_BYTES, count * HASH_BYTES);
      tiles.set(key, found);
    }
    return found;
  };

  const stored = async (height: number, index: number): Promise<Uint8Array> => {
    const bytes = await tile(height, Math.floor(index / TILE_WIDTH));
    const at = (index % TILE_WIDTH) * HASH_BYTES;
    return bytes.subarray(at, at + HASH_BYTES);
  };

  /** A perfect aligned subtree of 2^h leaves starting at `start`. */
  const perfect = async (start: number, height: number): Promise<Uint8Array> => {
    const base = height - (height % TILE_HEIGHT);
    const first = start / 2 ** base;
    let layer = await Promise.all(Array.from({ length: 2 ** (height - base) }, (_, i) => stored(base, first + i)));
    while (layer.length > 1) {
      const next: Uint8Array[] = [];
      for (let i = 0; i < layer.length; i += 2) next.push(nodeHash(layer[i]!, layer[i + 1]!, hasher));
      layer = next;
    }
    return layer[0]!;
  };

  const hash = async (start: number, end: number): Promise<Uint8Array> => {
    if (start < 0 || end > size || start >= end) throw new RangeError(`no subtree [${start}, ${end}) in a tree of ${size}`);
    const width = end - start;
    const height = Math.log2(width);
    if (Number.isInteger(height) && start % width === 0) return perfect(start, height);
    const k = splitPoint(width);
    const [left, right] = await Promise.all([hash(start, start + k), hash(start + k, end)]);
    return nodeHash(left, right, hasher);
  };

  return { hash, reads: () => reads };
}
