/**
 * The signing keys the portal was built to trust (DESIGN §7, "Pinned keys"). keys.json comes from
 * the same server as the reports, so a key it serves proves nothing by itself: the manifest must be
 * signed by a fingerprint fixed when the bundle was built (`SOVANG_PINNED_KEY_IDS`, web/build.ts).
 * During a rotation the set holds the old key and the new one.
 */
declare const __SOVANG_PINNED_KEY_IDS__: string | undefined;

export function parsePinnedKeyIds(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter((id) => /^[0-9a-f]{32}$/.test(id));
}

export const PINNED_KEY_IDS: readonly string[] = parsePinnedKeyIds(typeof __SOVANG_PINNED_KEY_IDS__ === 'string' ? __SOVANG_PINNED_KEY_IDS__ : undefined);

export interface PinnedKeyCheck {
  id: 'pinned-key';
  ok: boolean | null;
  vi: string;
  en: string;
}

/** Whether the manifest's key is one of the pinned fingerprints; unknown (null) when the build pinned none. */
export function pinnedKeyCheck(keyId: string, pinned: readonly string[] = PINNED_KEY_IDS): PinnedKeyCheck {
  if (!pinned.length) {
    return { id: 'pinned-key', ok: null, vi: 'Bản cổng này không ghim khóa ký nào: hãy so dấu vân tay với thông báo của ban vận động.', en: 'This portal build pins no signing key: compare the fingerprint with the committee’s notice.' };
  }
  if (pinned.includes(keyId)) {
    return { id: 'pinned-key', ok: true, vi: `Khóa ký ${keyId} là khóa đã được ghim trong cổng.`, en: `Signing key ${keyId} is a key pinned in the portal.` };
  }
  return {
    id: 'pinned-key',
    ok: false,
    vi: `Báo cáo được ký bằng khóa ${keyId}, KHÔNG phải khóa đã ghim (${pinned.join(', ')}). Máy chủ có thể đã đưa ra khóa giả: đừng tin báo cáo này.`,
    en: `The report is signed by key ${keyId}, which is NOT a pinned key (${pinned.join(', ')}). The server may be serving a false key: do not trust this report.`,
  };
}
