import { describe, expect, it } from 'vitest';
import { parsePinnedKeyIds, pinnedKeyCheck } from '../../web/src/verify/pinned-keys';

const keyA = 'a'.repeat(32);
const keyB = 'b'.repeat(32);
const keyC = 'c'.repeat(32);

describe('the browser verifier’s pinned keys', () => {
  it('reads the build-time set: comma-separated fingerprints, case folded, anything else dropped', () => {
    expect(parsePinnedKeyIds(` ${keyA.toUpperCase()}, ${keyB},not-a-key,`)).toEqual([keyA, keyB]);
    expect(parsePinnedKeyIds(undefined)).toEqual([]);
  });

  it('during a rotation accepts the old key A and the new key B, and refuses a key C that keys.json serves but nobody pinned', () => {
    const pinned = parsePinnedKeyIds(`${keyA},${keyB}`);
    expect(pinnedKeyCheck(keyA, pinned).ok).toBe(true);
    expect(pinnedKeyCheck(keyB, pinned).ok).toBe(true);
    const refused = pinnedKeyCheck(keyC, pinned);
    expect(refused.ok).toBe(false);
    expect(refused.en).toContain(`signed by key ${keyC}, which is NOT a pinned key`);
    expect(refused.vi).toContain('KHÔNG phải khóa đã ghim');
  });

  it('says the answer is unknown, not a pass, when the build pinned no key', () => {
    expect(pinnedKeyCheck(keyA, []).ok).toBeNull();
  });
});

describe('the web build’s pin', () => {
  it('pins the local twin’s signing key when no fingerprint is given, and the given set otherwise', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { localSigner } = await import('../../shared/adapters/signing/local');
    const { signerRecord } = await import('../../shared/reports/manifest');
    const { pinnedKeyIds } = await import('../../web/build');
    const file = join(mkdtempSync(join(tmpdir(), 'pin-')), 'report-signing.pem');
    const { keyId } = await signerRecord(localSigner(file));
    expect(pinnedKeyIds({ REPORT_SIGNING_KEY_FILE: file })).toBe(keyId);
    expect(pinnedKeyIds({ REPORT_SIGNING_KEY_FILE: join(tmpdir(), 'no-such-key.pem') })).toBe('');
    expect(pinnedKeyIds({ SOVANG_PINNED_KEY_IDS: `${keyA},${keyB}`, REPORT_SIGNING_KEY_FILE: file })).toBe(`${keyA},${keyB}`);
  });
});
