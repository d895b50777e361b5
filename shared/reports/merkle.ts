/**
 * The Merkle tree of RFC 6962 / RFC 9162 §2.1: leaf = SHA-256(0x00 ‖ data),
 * node = SHA-256(0x01 ‖ left ‖ right), split at the largest power of two below the size.
 * Keeping to the RFC (and not a midpoint split) is what lets any CT-style tool check our proofs.
 */
import { bytesEqual } from './bytes';
import { portableHasher, type Hasher } from './sha256';

const LEAF = new Uint8Array([0x00]);
const NODE = new Uint8Array([0x01]);

export function leafHash(data: Uint8Array, hasher: Hasher = portableHasher): Uint8Array {
  return hasher.sha256(LEAF, data);
}

export function nodeHash(left: Uint8Array, right: Uint8Array, hasher: Hasher = portableHasher): Uint8Array {
  return hasher.sha256(NODE, left, right);
}

export function emptyRoot(hasher: Hasher = portableHasher): Uint8Array {
  return hasher.sha256();
}

/** Largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/**
 * Streaming root over leaf hashes in O(log n) memory: a stack of the perfect subtrees seen so far
 * (at most one per height). `onSubtree` hears every perfect, aligned subtree as it completes,
 * which is how the tree file's upper levels are written without a second pass.
 */
export class MerkleAccumulator {
  private readonly stack: { hash: Uint8Array; height: number }[] = [];
  private count = 0;

  constructor(
    private readonly hasher: Hasher = portableHasher,
    private readonly onSubtree?: (height: number, index: number, hash: Uint8Array) => void,
  ) {}

  get size(): number {
    return this.count;
  }

  push(leaf: Uint8Array): void {
    let hash = leaf;
    let height = 0;
    const index = this.count++;
    while (this.stack.length && this.stack[this.stack.length - 1]!.height === height) {
      hash = nodeHash(this.stack.pop()!.hash, hash, this.hasher);
      height++;
      this.onSubtree?.(height, index >> height, hash);
    }
    this.stack.push({ hash, height });
  }

  /** The root of the leaves pushed so far; the accumulator can keep growing afterwards. */
  root(): Uint8Array {
    if (!this.stack.length) return emptyRoot(this.hasher);
    let hash = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) hash = nodeHash(this.stack[i]!.hash, hash, this.hasher);
    return hash;
  }
}

export function rootOf(leaves: readonly Uint8Array[], hasher: Hasher = portableHasher): Uint8Array {
  const accumulator = new MerkleAccumulator(hasher);
  for (const leaf of leaves) accumulator.push(leaf);
  return accumulator.root();
}

/** A half-open range of leaves [start, end) whose subtree hash a proof needs. */
export type LeafRange = readonly [start: number, end: number];

/** The ranges of PATH(m, D[n]) (RFC 9162 §2.1.3.1), in proof order: nearest sibling first. */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  }
  const path: LeafRange[] = [];
  const walk = (start: number, end: number): void => {
    if (end - start === 1) return;
    const k = splitPoint(end - start);
    if (index < start + k) {
      walk(start, start + k);
      path.push([start + k, end]);
    } else {
      walk(start + k, end);
      path.push([start, start + k]);
    }
  };
  walk(0, size);
  return path;
}

/** The ranges of PROOF(m, D[n]) (RFC 9162 §2.1.4.1); empty when m is 0 or m = n. */
export function consistencyRanges(first: number, second: number): LeafRange[] {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second) {
    throw new RangeError(`no consistency proof from ${first} to ${second}`);
  }
  if (first === 0 || first === second) return [];
  const proof: LeafRange[] = [];
  const walk = (start: number, end: number, whole: boolean): void => {
    if (first === end) {
      if (!whole) proof.push([start, end]);
      return;
    }
    const k = splitPoint(end - start);
    if (first - start <= k) {
      walk(start, start + k, whole);
      proof.push([start + k, end]);
    } else {
      walk(start + k, end, false);
      proof.push([start, start + k]);
    }
  };
  walk(0, second, true);
  return proof;
}

/** Hashes of arbitrary subtrees, from memory (tests, small trees) or from a tree file (tree-file.ts). */
export interface SubtreeSource {
  hash(start: number, end: number): Promise<Uint8Array> | Uint8Array;
}

export function memorySubtrees(leaves: readonly Uint8Array[], hasher: Hasher = portableHasher): SubtreeSource {
  return { hash: (start, end) => rootOf(leaves.slice(start, end), hasher) };
}

export async function inclusionProof(source: SubtreeSource, index: number, size: number): Promise<Uint8Array[]> {
  return Promise.all(inclusionRanges(index, size).map(([a, b]) => source.hash(a, b)));
}

export async function consistencyProof(source: SubtreeSource, first: number, second: number): Promise<Uint8Array[]> {
  return Promise.all(consistencyRanges(first, second).map(([a, b]) => source.hash(a, b)));
}

/** RFC 9162 §2.1.3.2. */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  path: readonly Uint8Array[],
  root: Uint8Array,
  hasher: Hasher = portableHasher,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (leaf.length !== 32 || root.length !== 32 || path.some((p) => p.length !== 32)) return false;
  // Bit operations in JS are 32-bit: use arithmetic so trees beyond 2^31 leaves still verify.
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r, hasher);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p, hasher);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesEqual(r, root);
}

/** RFC 9162 §2.1.4.2, plus the two trivial cases the RFC leaves to the caller (m = 0, m = n). */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
  hasher: Hasher = portableHasher,
): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second) return false;
  if (firstRoot.length !== 32 || secondRoot.length !== 32 || proof.some((p) => p.length !== 32)) return false;
  if (first === 0) return proof.length === 0 && bytesEqual(firstRoot, emptyRoot(hasher));
  if (first === second) return proof.length === 0 && bytesEqual(firstRoot, secondRoot);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr, hasher);
      sr = nodeHash(c, sr, hasher);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c, hasher);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesEqual(fr, firstRoot) && bytesEqual(sr, secondRoot);
}
