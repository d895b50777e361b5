import { generateKeyPairSync, sign } from 'node:crypto';
import type { Signer } from '../../shared/reports/manifest';

/** A report signer with a fresh Ed25519 key of its own, held in memory: nothing written to disk. */
export function ephemeralSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    algorithm: async () => 'Ed25519',
    publicKey: async () => new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })),
    sign: async (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}
