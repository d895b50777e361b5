/**
 * `refs.idx`: which leaves belong to a reference code, so the proof API answers without reading
 * the whole report. Lines `REF\tleafIndex\tbyteOffset\tbyteLength\n` (the line's place in
 * entries.jsonl) are grouped into 256 buckets by the first byte of SHA-256(ref), in leaf order
 * inside a bucket. A 257-entry table of big-endian uint32 offsets (relative to the end of the
 * table) comes first, so a lookup is two ranged reads of ~1 KB and ~1/256 of the index.
 */
import { fromUtf8 } from './bytes';
import { portableHasher, type Hasher } from './sha256';

export const REFS_BUCKETS = 256;
export const REFS_HEADER_BYTES = (REFS_BUCKETS + 1) * 4;

export function refBucket(ref: string, hasher: Hasher = portableHasher): number {
  return hasher.sha256(ref)[0]!;
}

export function refsIndexLine(ref: string, leafIndex: number, offset: number, length: number): string {
  return `${ref.replace(/[\t\n]/g, ' ')}\t${leafIndex}\t${offset}\t${length}\n`;
}

export function encodeRefsHeader(bucketBytes: readonly number[]): Uint8Array {
  const header = new Uint8Array(REFS_HEADER_BYTES);
  const view = new DataView(header.buffer);
  let offset = 0;
  for (let b = 0; b <= REFS_BUCKETS; b++) {
    view.setUint32(b * 4, offset);
    offset += bucketBytes[b] ?? 0;
  }
  return header;
}

/** [start, end) of a bucket, as absolute offsets in refs.idx. */
export function bucketRange(header: Uint8Array, bucket: number): [number, number] {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  return [REFS_HEADER_BYTES + view.getUint32(bucket * 4), REFS_HEADER_BYTES + view.getUint32((bucket + 1) * 4)];
}

export interface RefLocation {
  leafIndex: number;
  offset: number;
  length: number;
}

export function findInBucket(bucket: Uint8Array, ref: string): RefLocation[] {
  const found: RefLocation[] = [];
  for (const line of fromUtf8(bucket).split('\n')) {
    const [lineRef, leafIndex, offset, length] = line.split('\t');
    if (lineRef === ref) found.push({ leafIndex: Number(leafIndex), offset: Number(offset), length: Number(length) });
  }
  return found;
}
