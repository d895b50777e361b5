/**
 * manifest.json: what a report is. The signature covers the RFC 8785 canonical form of the
 * manifest without its `signature` field; the file itself is indented for people, and the chain
 * (`previousManifestSha256`) is the SHA-256 of the previous night's manifest.json bytes.
 */
import { canonicalLine } from './entries';
import { fromBase64, toBase64, toHex, utf8 } from './bytes';
import { portableHasher, type Hasher } from './sha256';
import { stableJson } from './summary';

/**
 * Format 2 adds the open-data files; a format 1 manifest (published before them) lists only the
 * files every report has, and stays verifiable as it is. Format 3 publishes no donor name: its
 * leaves commit to names kept in names.jsonl, outside the manifest (`names.ts`).
 */
export const REPORT_FORMAT = 'sovang-report/3';
export const REPORT_FORMATS = ['sovang-report/1', 'sovang-report/2', REPORT_FORMAT] as const;

/** Whether a format's leaves carry names (1 and 2) or commitments to them (3). */
export function hasNamelessLeaves(format: string): boolean {
  return format === REPORT_FORMAT;
}

/** Format 1's page came from an earlier renderer: from format 2 on, the page re-renders from the summary. */
export function hasRerenderablePage(format: string): boolean {
  return format !== 'sovang-report/1';
}

/** Format 1 predates the open-data files. */
export function hasOpenData(format: string): boolean {
  return format !== 'sovang-report/1';
}

/** The data files every report has, in the order they are written; manifest.json comes last and names them all. */
export const REPORT_FILES = ['entries.jsonl', 'entries.csv', 'disbursements.csv', 'tree.bin', 'refs.idx', 'summary.json', 'report.html'] as const;
export type ReportFileName = (typeof REPORT_FILES)[number];
/**
 * The open-data files (docs/OPEN-DATA.md): the facts they are rendered from, the IATI activity
 * and the 360Giving package. A manifest lists the ones the night produced: the package needs a
 * grant, and a fund whose facts the standards cannot express publishes neither.
 */
export const OPEN_DATA_FILES = ['open-data-facts.json', 'iati-activity.xml', '360giving.json'] as const;
export type OpenDataFileName = (typeof OPEN_DATA_FILES)[number];
export type ListedFileName = ReportFileName | OpenDataFileName;
export const MANIFEST_FILE = 'manifest.json';
export const PUBLISHED_FILES = [...REPORT_FILES, ...OPEN_DATA_FILES, MANIFEST_FILE] as const;
export type PublishedFileName = (typeof PUBLISHED_FILES)[number];

export const CONTENT_TYPES: Record<PublishedFileName, string> = {
  'entries.jsonl': 'application/x-ndjson; charset=utf-8',
  'entries.csv': 'text/csv; charset=utf-8',
  'disbursements.csv': 'text/csv; charset=utf-8',
  'tree.bin': 'application/octet-stream',
  'refs.idx': 'application/octet-stream',
  'summary.json': 'application/json; charset=utf-8',
  'report.html': 'text/html; charset=utf-8',
  'open-data-facts.json': 'application/json; charset=utf-8',
  'iati-activity.xml': 'application/xml; charset=utf-8',
  '360giving.json': 'application/json; charset=utf-8',
  'manifest.json': 'application/json; charset=utf-8',
};

/**
 * Ed25519 everywhere we control the key (locally, and in AWS KMS with key spec
 * ECC_NIST_EDWARDS25519 / ED25519_SHA_512). ECDSA P-256 is accepted for a KMS region without
 * Ed25519; its signature is stored as IEEE P1363 (r ‖ s), the form WebCrypto verifies.
 */
export const SIGNATURE_ALGORITHMS = ['Ed25519', 'ECDSA-P256-SHA256'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

export interface FileDigest {
  sha256: string;
  bytes: number;
}

export interface Manifest {
  format: string;
  fundId: string;
  date: string;
  cutoff: string;
  treeSize: number;
  rootHash: string;
  files: ManifestFiles;
  previousDate: string | null;
  previousTreeSize: number | null;
  previousManifestSha256: string | null;
  keyId: string;
  algorithm: SignatureAlgorithm;
  signature: string;
}

export type ManifestFiles = Record<ReportFileName, FileDigest> & Partial<Record<OpenDataFileName, FileDigest>>;

/** Every file a manifest lists, in publication order. */
export function listedFiles(manifest: Pick<Manifest, 'files'>): ListedFileName[] {
  return [...REPORT_FILES, ...OPEN_DATA_FILES.filter((name) => manifest.files?.[name] !== undefined)];
}

export type UnsignedManifest = Omit<Manifest, 'signature'>;

export function signingPayload(manifest: UnsignedManifest | Manifest): Uint8Array {
  const { signature: _signature, ...unsigned } = manifest as Manifest;
  return utf8(canonicalLine(unsigned));
}

export function manifestBytes(manifest: Manifest): Uint8Array {
  return utf8(stableJson(manifest));
}

/** Two builds publish the same report if everything but who signed it, and how, is equal. */
export function sameContent(a: UnsignedManifest, b: UnsignedManifest): boolean {
  const strip = ({ keyId: _k, algorithm: _a, ...rest }: UnsignedManifest) => canonicalLine({ ...rest, signature: undefined });
  return strip(a) === strip(b);
}

export interface PublicKeyRecord {
  keyId: string;
  algorithm: SignatureAlgorithm;
  /** DER SubjectPublicKeyInfo, base64. */
  publicKey: string;
  /** The first report date the key signs, and the first it no longer signs (keys.ts). */
  validFrom?: string;
  retiredAt?: string;
  /** The key's own signature over its dates of validity (keys.ts). */
  attestation?: string;
}

export interface KeysFile {
  format: string;
  keys: PublicKeyRecord[];
}

/** A key's id is its fingerprint, so nobody has to trust the id: SHA-256 of the SPKI, first 16 bytes, hex. */
export function keyFingerprint(spki: Uint8Array, hasher: Hasher = portableHasher): string {
  return toHex(hasher.sha256(spki).subarray(0, 16));
}

const WEBCRYPTO_PARAMS: Record<SignatureAlgorithm, { import: AlgorithmIdentifier | EcKeyImportParams; verify: AlgorithmIdentifier | EcdsaParams }> = {
  Ed25519: { import: { name: 'Ed25519' }, verify: { name: 'Ed25519' } },
  'ECDSA-P256-SHA256': { import: { name: 'ECDSA', namedCurve: 'P-256' }, verify: { name: 'ECDSA', hash: 'SHA-256' } },
};

/** Verifies with WebCrypto, which Node 20 and current browsers both have. */
export async function verifySignature(key: PublicKeyRecord, message: Uint8Array, signatureBase64: string): Promise<boolean> {
  const params = WEBCRYPTO_PARAMS[key.algorithm];
  if (!params) return false;
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('WebCrypto is not available');
  let signature: Uint8Array;
  try {
    signature = fromBase64(signatureBase64);
  } catch {
    return false;
  }
  const publicKey = await subtle.importKey('spki', fromBase64(key.publicKey) as BufferSource, params.import, false, ['verify']);
  return subtle.verify(params.verify, publicKey, signature as BufferSource, message as BufferSource);
}

/** The signing port: a local Ed25519 key in the twin, an asymmetric KMS key in AWS. */
export interface Signer {
  algorithm(): Promise<SignatureAlgorithm>;
  /** DER SubjectPublicKeyInfo. */
  publicKey(): Promise<Uint8Array>;
  /** Ed25519: 64 bytes. ECDSA: IEEE P1363 r ‖ s, 64 bytes. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export async function signerRecord(signer: Signer, hasher: Hasher = portableHasher): Promise<PublicKeyRecord> {
  const spki = await signer.publicKey();
  return { keyId: keyFingerprint(spki, hasher), algorithm: await signer.algorithm(), publicKey: toBase64(spki) };
}

export async function signManifest(unsigned: UnsignedManifest, signer: Signer): Promise<Manifest> {
  const signature = await signer.sign(signingPayload(unsigned));
  return { ...unsigned, signature: toBase64(signature) };
}
