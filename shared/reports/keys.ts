/**
 * keys.json: the publisher's report signing keys and the nights each may sign (DESIGN §7, "Keys
 * and their validity"). A key is valid from the first night it signed (`validFrom`) until the
 * night its successor took over (`retiredAt`, exclusive), both report dates. The dates are
 * attested by the key itself (`attestation`: its signature over them), so the server that serves
 * keys.json cannot move them without the key. A record without dates comes from before them and
 * bounds nothing.
 *
 * The file is not signed as a whole, so the verifier reads it strictly: no field a record does not
 * have, every key's id its fingerprint, every public key and attestation in canonical base64,
 * every attestation valid. Its values are all strings, so no change of a byte keeps its meaning.
 */
import { canonicalLine } from './entries';
import { fromBase64, fromUtf8, toBase64, utf8 } from './bytes';
import { isValidDate } from './layout';
import { keyFingerprint, SIGNATURE_ALGORITHMS, signerRecord, verifySignature, type KeysFile, type PublicKeyRecord, type Signer } from './manifest';
import { portableHasher, type Hasher } from './sha256';
import { stableJson } from './summary';

export const KEYS_FILE = 'keys.json';
export const KEYS_FORMAT = 'sovang-report-keys/1';
const RECORD_FIELDS = ['algorithm', 'attestation', 'keyId', 'publicKey', 'retiredAt', 'validFrom'];
/** Sets what an attestation signs apart from a manifest, so neither can stand for the other. */
const ATTESTATION_CONTEXT = 'sovang-key-validity/1';

export function emptyKeysFile(): KeysFile {
  return { format: KEYS_FORMAT, keys: [] };
}

export function keysFileText(keys: KeysFile): string {
  return stableJson({ ...keys, keys: [...keys.keys].sort((a, b) => (a.keyId < b.keyId ? -1 : 1)) });
}

function attestationPayload(key: PublicKeyRecord): Uint8Array {
  return utf8(canonicalLine({ context: ATTESTATION_CONTEXT, keyId: key.keyId, validFrom: key.validFrom, retiredAt: key.retiredAt }));
}

/** The signer's own record, valid over the dates given, attested by the signer. */
export async function attestedRecord(signer: Signer, validity: { validFrom: string; retiredAt?: string }, hasher: Hasher = portableHasher): Promise<PublicKeyRecord> {
  const record: PublicKeyRecord = { ...(await signerRecord(signer, hasher)), ...validity };
  return { ...record, attestation: toBase64(await signer.sign(attestationPayload(record))) };
}

/**
 * keys.json after a night was published: the signer's key is added, valid from that night, or
 * made valid from that night if it is earlier than the first it signed before (a night published
 * late). Null when nothing changes, as when the night was signed by another key (a re-run of a
 * night published before a rotation). A retired key is never reinstated here.
 */
export async function keysAfterSigning(keys: KeysFile, signer: Signer, signed: { keyId: string; date: string }, hasher: Hasher = portableHasher): Promise<KeysFile | null> {
  const { keyId } = await signerRecord(signer, hasher);
  const { date } = signed;
  if (signed.keyId !== keyId) return null;
  const known = keys.keys.find((k) => k.keyId === keyId);
  if (known && (!known.validFrom || known.validFrom <= date)) return null;
  const record = await attestedRecord(signer, { validFrom: date, ...(known?.retiredAt ? { retiredAt: known.retiredAt } : {}) }, hasher);
  return { ...keys, keys: [...keys.keys.filter((k) => k.keyId !== keyId), record] };
}

/** keys.json with the signer's key retired from `retiredAt` on: the nights from then are another key's. */
export async function keysAfterRetiring(keys: KeysFile, signer: Signer, retiredAt: string, hasher: Hasher = portableHasher): Promise<KeysFile> {
  if (!isValidDate(retiredAt)) throw new RangeError(`${retiredAt} is not a date`);
  const { keyId } = await signerRecord(signer, hasher);
  const known = keys.keys.find((k) => k.keyId === keyId);
  if (!known?.validFrom) throw new Error(`${KEYS_FILE}: key ${keyId} has signed no night yet, so there is nothing to retire`);
  if (retiredAt <= known.validFrom) throw new Error(`${KEYS_FILE}: key ${keyId} signs from ${known.validFrom}; it cannot retire on or before that`);
  const record = await attestedRecord(signer, { validFrom: known.validFrom, retiredAt }, hasher);
  return { ...keys, keys: [...keys.keys.filter((k) => k.keyId !== keyId), record] };
}

/** Why a key may not sign the night of `date`, or null when it may. */
export function keyValidityProblem(key: PublicKeyRecord, date: string): string | null {
  if (key.validFrom && date < key.validFrom) return `key ${key.keyId} is valid from ${key.validFrom}, after this report of ${date}`;
  if (key.retiredAt && date >= key.retiredAt) return `key ${key.keyId} was retired on ${key.retiredAt}, so it may not sign this report of ${date}`;
  return null;
}

const isCanonicalBase64 = (text: unknown): text is string => {
  if (typeof text !== 'string') return false;
  try {
    return toBase64(fromBase64(text)) === text;
  } catch {
    return false;
  }
};

/**
 * keys.json as the job writes it, or an Error naming what is wrong. Every record is checked, not
 * only the one that signed: whatever the file says, it says with the keys' own authority or fails.
 */
export async function parseKeysFile(bytes: Uint8Array, hasher: Hasher = portableHasher): Promise<KeysFile> {
  let value: KeysFile;
  try {
    value = JSON.parse(fromUtf8(bytes)) as KeysFile;
  } catch {
    throw new Error(`${KEYS_FILE} is not valid UTF-8 JSON`);
  }
  if (typeof value !== 'object' || value === null || value.format !== KEYS_FORMAT || !Array.isArray(value.keys)) {
    throw new Error(`${KEYS_FILE} is not a ${KEYS_FORMAT} file`);
  }
  for (const [i, key] of value.keys.entries()) {
    const where = `${KEYS_FILE} key ${i + 1}`;
    if (typeof key !== 'object' || key === null || Object.keys(key).some((field) => !RECORD_FIELDS.includes(field))) throw new Error(`${where} has fields a key record does not have`);
    if (!SIGNATURE_ALGORITHMS.includes(key.algorithm) || !isCanonicalBase64(key.publicKey)) throw new Error(`${where} has no valid algorithm and public key`);
    if (keyFingerprint(fromBase64(key.publicKey), hasher) !== key.keyId) throw new Error(`${where}: ${key.keyId} is not the fingerprint of its public key`);
    const dated = key.validFrom !== undefined;
    if (!dated && (key.retiredAt !== undefined || key.attestation !== undefined)) throw new Error(`${where} (${key.keyId}) has a retirement or attestation but no validFrom`);
    if (dated) {
      const validDates = isValidDate(String(key.validFrom)) && (key.retiredAt === undefined || (isValidDate(String(key.retiredAt)) && key.retiredAt > key.validFrom!));
      if (!validDates) throw new Error(`${where} (${key.keyId}) has no valid dates of validity`);
      const attested = isCanonicalBase64(key.attestation) && (await verifySignature(key, attestationPayload(key), key.attestation).catch(() => false));
      if (!attested) throw new Error(`${where} (${key.keyId}): its dates of validity are not attested by the key`);
    }
  }
  return value;
}
