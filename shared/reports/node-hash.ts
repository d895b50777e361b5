/** The Node implementation of the hash port: OpenSSL's SHA-256, several times faster than the portable one. */
import { createHash } from 'node:crypto';
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
  sha256(...parts) {
    const hash = createHash('sha256');
    for (const part of parts) hash.update(part);
    return new Uint8Array(hash.digest());
  },
  create: incremental,
};
