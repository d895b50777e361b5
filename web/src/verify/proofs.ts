/**
 * Proofs of single leaves in the browser: a certificate's leaf and "find my transfer"'s gifts. The
 * manifest in the proof answer must be signed by a key keys.json offers, read strictly, pinned in
 * this build (when it pins any) and valid on the report's date; each leaf must be in the signed
 * tree (RFC 9162 inclusion proof). Apart from the whole-report verifier so these pages do not load
 * what re-derives a report.
 */
import { api, apiUrl } from '../api';
import { formatDateProse } from '../../../shared/domain/format';
import { fromHex, toHex, utf8 } from '../../../shared/reports/bytes';
import { keyValidityProblem, parseKeysFile } from '../../../shared/reports/keys';
import { signingPayload, verifySignature, type Manifest, type PublicKeyRecord } from '../../../shared/reports/manifest';
import { leafHash, verifyInclusion } from '../../../shared/reports/merkle';
import { portableHasher } from '../../../shared/reports/sha256';
import { pinnedKeyCheck } from './pinned-keys';
import type { Check } from './report-checks';
import type { InclusionProofs } from '../types';

/**
 * The key that signed a manifest, as keys.json offers it, or why it is not to be trusted: keys.json
 * read strictly, the key pinned in this build (when it pins any) and valid on the report's date.
 */
async function trustedKey(manifest: Manifest): Promise<{ key: PublicKeyRecord } | { problem: { vi: string; en: string } }> {
  const response = await fetch(apiUrl('/v1/reports/keys.json'), { cache: 'no-cache' }).catch(() => null);
  let key: PublicKeyRecord | undefined;
  let problem: string | null = null;
  try {
    if (!response?.ok) throw new Error('keys.json could not be downloaded');
    key = (await parseKeysFile(new Uint8Array(await response.arrayBuffer()), portableHasher)).keys.find((k) => k.keyId === manifest.keyId);
  } catch (error) {
    problem = (error as Error).message;
  }
  if (!problem && !key) return { problem: { vi: `Không tìm thấy khóa công khai ${manifest.keyId} trong keys.json.`, en: `Public key ${manifest.keyId} is not in keys.json.` } };
  problem ??= keyValidityProblem(key!, manifest.date);
  if (problem) return { problem: { vi: `Tệp khóa keys.json không dùng được: ${problem}`, en: `keys.json cannot be trusted: ${problem}` } };
  const pinned = pinnedKeyCheck(manifest.keyId);
  if (pinned.ok === false) return { problem: { vi: pinned.vi, en: pinned.en } };
  return { key: key! };
}

/** The key is a trusted one, and it signed the manifest. */
async function signatureChecks(manifest: Manifest): Promise<Check[]> {
  const trusted = await trustedKey(manifest);
  if ('problem' in trusted) return [{ id: 'key', ok: false, ...trusted.problem, file: 'keys.json' }];
  const { key } = trusted;
  const signed = await verifySignature(key, signingPayload(manifest), manifest.signature).catch(() => false);
  return [
    { id: 'key', ok: true, vi: `Khóa công khai ${key.keyId} (${key.algorithm}) đúng với dấu vân tay của nó và còn hiệu lực vào ngày báo cáo.`, en: `Public key ${key.keyId} (${key.algorithm}) matches its fingerprint and is valid on the report’s date.` },
    {
      id: 'signature',
      ok: signed,
      vi: signed ? 'Chữ ký số hợp lệ: bản kê chưa bị sửa từ khi được ký.' : 'Chữ ký số KHÔNG hợp lệ.',
      en: signed ? 'The signature is valid: the manifest has not changed since it was signed.' : 'The signature is NOT valid.',
    },
  ];
}

/** One leaf of a report, proven: what a gift's certificate shows, and only once every check passes. */
export interface VerifiedLeaf {
  ok: boolean;
  checks: Check[];
  manifest: Manifest;
  leafIndex: number;
  leafHash: string;
  line: string;
}

/**
 * Proves one leaf: the answer's manifest is the one the key signed, the line hashes to the leaf,
 * and the leaf's audit path leads to the signed root. The server's word is taken for nothing.
 */
export async function verifyLeaf(fundId: string, date: string, leafIndex: number): Promise<VerifiedLeaf> {
  const proofs = await api<InclusionProofs>(`/v1/reports/${fundId}/${date}/proof?leaf=${leafIndex}`);
  const { manifest } = proofs;
  const proof = proofs.entries.find((p) => p.leafIndex === leafIndex);
  const checks = await signatureChecks(manifest);
  const leaf = proof ? leafHash(utf8(proof.line), portableHasher) : new Uint8Array();
  const included =
    !!proof &&
    manifest.fundId === fundId &&
    toHex(leaf) === proof.leafHash &&
    verifyInclusion(leaf, leafIndex, manifest.treeSize, proof.auditPath.map(fromHex), fromHex(manifest.rootHash), portableHasher);
  checks.push({
    id: `inclusion:${leafIndex}`,
    ok: included,
    vi: `Giao dịch #${leafIndex + 1} nằm trong cây Merkle đã ký của báo cáo ${formatDateProse(manifest.date, 'vi')}.`,
    en: `Entry #${leafIndex + 1} is in the signed Merkle tree of the report of ${formatDateProse(manifest.date, 'en')}.`,
  });
  return { ok: checks.every((c) => c.ok !== false), checks, manifest, leafIndex, leafHash: proof?.leafHash ?? '', line: proof?.line ?? '' };
}

/**
 * One gift's proof as "find my transfer" hands it out (with the signed manifest in it): the
 * manifest's signature checks with a published key, the proof's root is the signed root, and
 * every leaf is in the tree at its index. True only if all of that holds.
 */
export async function proofPasses(proofs: InclusionProofs): Promise<boolean> {
  const { manifest } = proofs;
  if (manifest.rootHash !== proofs.rootHash || manifest.treeSize !== proofs.treeSize) return false;
  if (!(await signatureChecks(manifest)).every((c) => c.ok)) return false;
  const root = fromHex(manifest.rootHash);
  return proofs.entries.every((p) => {
    const leaf = leafHash(utf8(p.line), portableHasher);
    return toHex(leaf) === p.leafHash && verifyInclusion(leaf, p.leafIndex, manifest.treeSize, p.auditPath.map(fromHex), root, portableHasher);
  });
}
