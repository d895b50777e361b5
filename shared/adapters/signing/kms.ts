/**
 * The AWS signer: an asymmetric KMS key, the private half never leaves KMS.
 *
 * KMS signs Ed25519 with key spec ECC_NIST_EDWARDS25519 and algorithm ED25519_SHA_512 over a RAW
 * message of at most 4 KB (our canonical manifest is about 1.5 KB), giving the same signatures
 * as the local key. Where a region lacks it, an ECC_NIST_P256 key signs with ECDSA_SHA_256; KMS
 * returns DER, which is converted to IEEE P1363 (r ‖ s), the form WebCrypto verifies.
 *
 * Written against the two calls it needs (`KmsPort`), so tests can sign with a local key pair in
 * KMS's shapes; `signing/index.ts` adapts the real client.
 */
import type { SignatureAlgorithm, Signer } from '../../reports/manifest';

export interface KmsPort {
  getPublicKey(input: { KeyId: string }): Promise<{ PublicKey?: Uint8Array; KeySpec?: string; SigningAlgorithms?: string[] }>;
  sign(input: { KeyId: string; Message: Uint8Array; MessageType: 'RAW'; SigningAlgorithm: string }): Promise<{ Signature?: Uint8Array }>;
}

const KMS_MESSAGE_LIMIT = 4096;

const BY_KEY_SPEC: Record<string, { algorithm: SignatureAlgorithm; kms: string }> = {
  ECC_NIST_EDWARDS25519: { algorithm: 'Ed25519', kms: 'ED25519_SHA_512' },
  ECC_NIST_P256: { algorithm: 'ECDSA-P256-SHA256', kms: 'ECDSA_SHA_256' },
};

/** DER `SEQUENCE { INTEGER r, INTEGER s }` → 64-byte r ‖ s. */
export function derToP1363(der: Uint8Array, size = 32): Uint8Array {
  let offset = 2;
  if (der[0] !== 0x30) throw new Error('not a DER ECDSA signature');
  if (der[1]! & 0x80) offset += der[1]! & 0x7f;
  const out = new Uint8Array(size * 2);
  for (let i = 0; i < 2; i++) {
    if (der[offset] !== 0x02) throw new Error('not a DER ECDSA signature');
    const length = der[offset + 1]!;
    let value = der.subarray(offset + 2, offset + 2 + length);
    while (value.length > size && value[0] === 0) value = value.subarray(1);
    if (value.length > size) throw new Error('ECDSA integer too long');
    out.set(value, i * size + (size - value.length));
    offset += 2 + length;
  }
  return out;
}

export function kmsSigner(kms: KmsPort, keyId: string): Signer {
  let described: Promise<{ spki: Uint8Array; algorithm: SignatureAlgorithm; kms: string }> | undefined;
  const describe = () =>
    (described ??= kms.getPublicKey({ KeyId: keyId }).then((result) => {
      const spec = BY_KEY_SPEC[result.KeySpec ?? ''];
      if (!spec || !result.PublicKey) throw new Error(`KMS key ${keyId} has key spec ${result.KeySpec}; reports need ECC_NIST_EDWARDS25519 or ECC_NIST_P256`);
      return { spki: result.PublicKey, ...spec };
    }));
  return {
    algorithm: async () => (await describe()).algorithm,
    publicKey: async () => (await describe()).spki,
    async sign(message) {
      if (message.length > KMS_MESSAGE_LIMIT) throw new Error(`KMS signs RAW messages up to ${KMS_MESSAGE_LIMIT} bytes; the manifest is ${message.length}`);
      const key = await describe();
      const result = await kms.sign({ KeyId: keyId, Message: message, MessageType: 'RAW', SigningAlgorithm: key.kms });
      if (!result.Signature) throw new Error('KMS returned no signature');
      return key.algorithm === 'Ed25519' ? result.Signature : derToP1363(result.Signature);
    },
  };
}
