import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../shared/reports/bytes';
import {
  MerkleAccumulator,
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  memorySubtrees,
  nodeHash,
  rootOf,
  verifyConsistency,
  verifyInclusion,
} from '../../shared/reports/merkle';
import { nodeHasher } from '../../shared/reports/node-hash';
import { portableHasher } from '../../shared/reports/sha256';
import { UpperLevels, treeFileSize, treeFileSubtrees } from '../../shared/reports/tree-file';

// RFC 6962 reference data, as used by the Certificate Transparency implementations.
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(fromHex);
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const leaves = CT_LEAVES.map((data) => leafHash(data));

/**
 * The RFC's recursive definitions, written as plainly as possible over ranges of `d`: the
 * reference the fast code is checked against. MTH is memoised so all sizes 1..130 stay quick.
 */
function reference(d: Uint8Array[]) {
  const memo = new Map<string, Uint8Array>();
  const split = (n: number) => {
    let k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  };
  const mth = (a: number, b: number): Uint8Array => {
    const key = `${a}-${b}`;
    let found = memo.get(key);
    if (!found) {
      found = b - a === 0 ? emptyRoot(nodeHasher) : b - a === 1 ? d[a]! : nodeHash(mth(a, a + split(b - a)), mth(a + split(b - a), b), nodeHasher);
      memo.set(key, found);
    }
    return found;
  };
  const path = (m: number, a: number, b: number): Uint8Array[] => {
    if (b - a <= 1) return [];
    const k = split(b - a);
    return m < k ? [...path(m, a, a + k), mth(a + k, b)] : [...path(m - k, a + k, b), mth(a, a + k)];
  };
  const subproof = (m: number, a: number, b: number, whole: boolean): Uint8Array[] => {
    if (m === b - a) return whole ? [] : [mth(a, b)];
    const k = split(b - a);
    return m <= k ? [...subproof(m, a, a + k, whole), mth(a + k, b)] : [...subproof(m - k, a + k, b, false), mth(a, a + k)];
  };
  return { mth, path, subproof };
}

describe('Merkle tree (RFC 6962 / 9162)', () => {
  it('matches the RFC 6962 reference roots for sizes 0..8', () => {
    for (let n = 0; n <= 8; n++) expect(toHex(rootOf(leaves.slice(0, n)))).toBe(CT_ROOTS[n]);
  });

  it('matches the reference inclusion and consistency proofs', async () => {
    const source = memorySubtrees(leaves);
    expect((await inclusionProof(source, 0, 8)).map(toHex)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect((await inclusionProof(source, 5, 8)).map(toHex)).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect((await consistencyProof(source, 2, 8)).map(toHex)).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect((await consistencyProof(source, 6, 8)).map(toHex)).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
  });

  const many = Array.from({ length: 130 }, (_, i) => leafHash(new Uint8Array([i, i >> 8, 7])));
  const naive = reference(many);
  const roots = Array.from({ length: 131 }, (_, n) => naive.mth(0, n));

  it('agrees with the naive definition for every size 1..130: streaming root, every inclusion path and every consistency proof', async () => {
    const source = { hash: (a: number, b: number) => naive.mth(a, b) };
    const accumulator = new MerkleAccumulator(nodeHasher);
    for (let n = 1; n <= 130; n++) {
      accumulator.push(many[n - 1]!);
      expect(toHex(accumulator.root())).toBe(toHex(roots[n]!));
      for (let m = 0; m < n; m++) {
        const path = await inclusionProof(source, m, n);
        expect(path.map(toHex)).toEqual(naive.path(m, 0, n).map(toHex));
        expect(verifyInclusion(many[m]!, m, n, path, roots[n]!, nodeHasher)).toBe(true);
      }
      for (let m = 1; m <= n; m++) {
        const proof = await consistencyProof(source, m, n);
        expect(proof.map(toHex)).toEqual(m === n ? [] : naive.subproof(m, 0, n, true).map(toHex));
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof, nodeHasher)).toBe(true);
      }
    }
  });

  it('rejects altered, truncated, extended or misplaced proofs', async () => {
    const source = memorySubtrees(many, nodeHasher);
    for (let trial = 0; trial < 300; trial++) {
      const n = 2 + Math.floor(Math.random() * 128);
      const m = Math.floor(Math.random() * n);
      const path = await inclusionProof(source, m, n);
      const flipped = path.map((p) => p.slice());
      flipped[Math.floor(Math.random() * path.length)]![Math.floor(Math.random() * 32)]! ^= 1;
      expect(verifyInclusion(many[m]!, m, n, flipped, roots[n]!)).toBe(false);
      expect(verifyInclusion(many[m]!, m, n, path.slice(0, -1), roots[n]!)).toBe(false);
      expect(verifyInclusion(many[m]!, m, n, [...path, many[0]!], roots[n]!)).toBe(false);
      expect(verifyInclusion(many[(m + 1) % n]!, m, n, path, roots[n]!)).toBe(false);
      expect(verifyInclusion(many[m]!, m, n, path, roots[n - 1]!)).toBe(false);

      const first = 1 + Math.floor(Math.random() * (n - 1));
      const proof = await consistencyProof(source, first, n);
      expect(verifyConsistency(first, n, roots[first]!, roots[n]!, proof)).toBe(true);
      const bad = proof.map((p) => p.slice());
      bad[0]![0]! ^= 0x80;
      expect(verifyConsistency(first, n, roots[first]!, roots[n]!, bad)).toBe(false);
      expect(verifyConsistency(first, n, roots[first]!, roots[n]!, proof.slice(0, -1))).toBe(false);
      // A rewritten earlier tree (one leaf changed) is never consistent with the later one.
      const rewritten = many.slice(0, first).map((l, i) => (i === first - 1 ? leafHash(new Uint8Array([9, 9, 9])) : l));
      expect(verifyConsistency(first, n, rootOf(rewritten), roots[n]!, proof)).toBe(false);
    }
    expect(verifyConsistency(0, 8, emptyRoot(), roots[8]!, [])).toBe(true);
    expect(verifyConsistency(4, 4, roots[4]!, roots[4]!, [])).toBe(true);
    expect(verifyConsistency(4, 4, roots[4]!, roots[5]!, [])).toBe(false);
    expect(verifyConsistency(5, 4, roots[5]!, roots[4]!, [])).toBe(false);
  });
});

describe('tree.bin', () => {
  it('answers every proof from stored levels with a handful of reads, for trees up to 70,000 leaves', async () => {
    const size = 70_001;
    const hashes = Array.from({ length: size }, (_, i) => createHash('sha256').update(`leaf ${i}`).digest());
    const upper = new UpperLevels();
    const accumulator = new MerkleAccumulator(nodeHasher, upper.onSubtree);
    for (const hash of hashes) accumulator.push(hash);
    const file = Buffer.concat([...hashes, ...upper.chunks()]);
    expect(file.length).toBe(treeFileSize(size));
    const root = accumulator.root();
    const source = treeFileSubtrees(size, async (offset, length) => file.subarray(offset, offset + length), nodeHasher);
    for (const index of [0, 1, 255, 256, 65_535, 65_536, 69_999, 70_000, Math.floor(Math.random() * size)]) {
      const path = await inclusionProof(source, index, size);
      expect(verifyInclusion(hashes[index]!, index, size, path, root, nodeHasher)).toBe(true);
    }
    expect(source.reads()).toBeLessThan(40);
    const rootAt = (n: number) => {
      const partial = new MerkleAccumulator(nodeHasher);
      for (let i = 0; i < n; i++) partial.push(hashes[i]!);
      return partial.root();
    };
    for (const first of [1, 256, 65_536, 65_537, 69_000]) {
      const proof = await consistencyProof(source, first, size);
      expect(verifyConsistency(first, size, rootAt(first), root, proof, nodeHasher)).toBe(true);
    }
  });
});

describe('SHA-256', () => {
  it('the portable implementation agrees with OpenSSL for every length up to 300 bytes and in pieces', () => {
    for (let n = 0; n < 300; n++) {
      const data = randomBytes(n);
      const expected = createHash('sha256').update(data).digest('hex');
      expect(toHex(portableHasher.sha256(data))).toBe(expected);
      const split = Math.floor(n / 3);
      expect(toHex(portableHasher.create().update(data.subarray(0, split)).update(data.subarray(split)).digest())).toBe(expected);
    }
    expect(toHex(portableHasher.create().update('Sổ Vàng').digest())).toBe(createHash('sha256').update('Sổ Vàng').digest('hex'));
  });
});

describe('the two hashers', () => {
  it('agree with each other and with OpenSSL on parts of bytes and of UTF-8 text, as the leaf and the ref bucket hash them', () => {
    const cases: (Uint8Array | string)[][] = [
      [],
      [''],
      ['UH123456X'],
      [new Uint8Array([0]), '{"donor":"Nguyễn Văn Ân","memo":"ủng hộ đồng bào 🌊"}'],
      [new Uint8Array([1]), randomBytes(32), randomBytes(32)],
      [randomBytes(7)],
    ];
    for (const parts of cases) {
      const openssl = createHash('sha256');
      for (const part of parts) openssl.update(part);
      const expected = openssl.digest('hex');
      expect(toHex(nodeHasher.sha256(...parts)), JSON.stringify(parts)).toBe(expected);
      expect(toHex(portableHasher.sha256(...parts)), JSON.stringify(parts)).toBe(expected);
    }
  });
});
