/**
 * SHA-256 behind a small interface, so report code runs alike in Node and in the browser's
 * verifier. Node passes `node:crypto` (node-hash.ts) for speed; everywhere else `portableHasher`
 * uses @noble/hashes, which is incremental and synchronous where WebCrypto's digest is one-shot
 * and asynchronous (the Merkle proofs hash as they walk).
 */
import { sha256 } from '@noble/hashes/sha2.js';

export interface IncrementalHash {
  update(data: Uint8Array | string): IncrementalHash;
  digest(): Uint8Array;
}

export interface Hasher {
  /** SHA-256 of the concatenation of the parts (a string as its UTF-8 bytes). */
  sha256(...parts: (Uint8Array | string)[]): Uint8Array;
  create(): IncrementalHash;
}

const encoder = new TextEncoder();

function incremental(): IncrementalHash {
  const hash = sha256.create();
  const wrapper: IncrementalHash = {
    update(data) {
      hash.update(typeof data === 'string' ? encoder.encode(data) : data);
      return wrapper;
    },
    digest: () => hash.digest(),
  };
  return wrapper;
}

export const portableHasher: Hasher = {
  sha256(...parts) {
    const hash = sha256.create();
    for (const part of parts) hash.update(typeof part === 'string' ? encoder.encode(part) : part);
    return hash.digest();
  },
  create: incremental,
};
