/**
 * Vietnamese first, English on request. Texts sit side by side where they are used,
 * `L('Quỹ', 'Funds')`, so no screen can forget its English and no key can go stale; names of the
 * ledger's codes come from the label table the reports print too (shared/domain/labels.ts).
 */
import { BUCKET_LABELS, entryTypeLabel, type BucketName } from '../../shared/domain/labels';

export type Lang = 'vi' | 'en';

const STORAGE_KEY = 'sovang.lang';

function initial(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'vi' || stored === 'en') return stored;
  } catch {
    // Storage can be blocked; Vietnamese is the default.
  }
  return 'vi';
}

let current: Lang = initial();

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not persisted, still switched.
  }
  document.documentElement.lang = next;
}

/** The text in the current language. */
export function L(vi: string, en: string): string {
  return current === 'vi' ? vi : en;
}

/** A localized `{ vi, en }` object from the API. */
export function pick(text: { vi: string; en: string } | undefined): string {
  if (!text) return '';
  return current === 'vi' ? text.vi : text.en || text.vi;
}

/** A journal entry type's name, as the reports print it. */
export function entryLabel(type: string): string {
  return pick(entryTypeLabel(type));
}

/** A money bucket of the totals, named as the reports name it. */
export function bucketLabel(bucket: BucketName): string {
  return pick(BUCKET_LABELS[bucket]);
}
