/**
 * The twin's signer: an Ed25519 key generated on first use and kept as a PKCS#8 PEM under
 * `.data/keys/`, so every local report is signed by the same key until `npm run reset`.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Signer } from '../../reports/manifest';

export function loadOrCreateKey(file: string): KeyObject {
  if (existsSync(file)) return createPrivateKey(readFileSync(file));
  mkdirSync(dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
  try {
    // `wx`: if two processes race to create the key, the second one reads the first one's.
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return createPrivateKey(readFileSync(file));
  }
  chmodSync(file, 0o600);
  return privateKey;
}

export function localSigner(file: string): Signer {
  let key: KeyObject | undefined;
  const privateKey = () => (key ??= loadOrCreateKey(file));
  return {
    algorithm: async () => 'Ed25519',
    publicKey: async () => new Uint8Array(createPublicKey(privateKey()).export({ format: 'der', type: 'spki' })),
    sign: async (message) => new Uint8Array(sign(null, message, privateKey())),
  };
}
