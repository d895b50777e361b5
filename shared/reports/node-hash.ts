/** The Node implementation of the hash port: OpenSSL's SHA-256, several times faster than the portable one. */
import { createHash, hash } from 'node:crypto';
import type { Hasher, IncrementalHash } from './sha256';

function incremental(): IncrementalHash {
  const hash = createHash('sha256');
  const wrapper: IncrementalHash = {
    update(data) {
      if (typeof data === 'string') hash.update(data, 'utf8');
      else hash.update(data);
      return wrapper;
    },
    digest: () => new Uint8Array(hash.digest()),
  };
  return wrapper;
}

export const nodeHasher: Hasher = {
  // One-shot: a report hashes a few times per entry, and a Hash object per call cost more than the hashing.
  sha256(...parts) {
    const data = parts.length === 1 ? parts[0]! : Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part)));
    const digest = hash('sha256', data, 'buffer');
    return new Uint8Array(digest.buffer, digest.byteOffset, digest.length);
  },
  create: incremental,
};
