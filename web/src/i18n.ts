/**
 * Vietnamese first, English on request. Texts sit side by side where they are used,
 * `L('Quỹ', 'Funds')`, so no screen can forget its English and no key can go stale. Everything
 * that names a code — entry types, buckets, statuses, actors, the fields of the audit trail,
 * problem codes of the API — comes from the one label table the reports print too
 * (shared/domain/labels.ts), through the functions below, and dates from the one format module.
 */
import { formatDateProse } from '../../shared/domain/format';
import {
  ACTOR_KIND_LABELS,
  BUCKET_LABELS,
  DETAIL_LABELS,
  DETAIL_VALUE_LABELS,
  ERROR_LABELS,
  FIELD_LABELS,
  actorParts,
  entryTypeLabel,
  labelOf,
  type BucketName,
} from '../../shared/domain/labels';

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

/** A day inside a sentence: `ngày 4 tháng 12 năm 2026` / `4 December 2026`. */
export function proseDate(day: string): string {
  return formatDateProse(day, current);
}

/** Who did something: the kind of actor, and for staff their name (`bank:01M8…` reads "Sao kê ngân hàng"). */
export function actorText(actor: string | undefined): { kind: string; name?: string } {
  if (!actor) return { kind: '—' };
  const parts = actorParts(actor);
  return { kind: pick(labelOf(ACTOR_KIND_LABELS, parts.kind)), name: parts.name };
}

/** A published detail's name (`wardName` → "Xã/phường"). */
export function detailLabel(key: string): string {
  return pick(labelOf(DETAIL_LABELS, key));
}

/** A coded detail value in words (`method: bank` → "Chuyển khoản"); other values as they are. */
export function detailValue(key: string, value: string): string {
  const table = DETAIL_VALUE_LABELS[key];
  return table && Object.prototype.hasOwnProperty.call(table, value) ? pick(table[value]) : value;
}

/** A request field named by a problem's `errors[].path` (`body.donor.name` → "Tên"). */
export function fieldLabel(path: string): string {
  const last = path.split('.').filter((part) => !/^\d+$/.test(part)).at(-1) ?? path;
  return Object.prototype.hasOwnProperty.call(FIELD_LABELS, last) ? pick(FIELD_LABELS[last]) : last;
}

/** What an API problem code means, in the page's language; undefined for a code this build does not know. */
export function errorLabel(code: string | undefined): string | undefined {
  return code && Object.prototype.hasOwnProperty.call(ERROR_LABELS, code) ? pick(ERROR_LABELS[code]) : undefined;
}
