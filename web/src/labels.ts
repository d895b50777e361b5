/** The shared label table (shared/domain/labels.ts, which the reports print too) in the page's language. */
import { BUCKET_LABELS, entryTypeLabel, type BucketName } from '../../shared/domain/labels';
import { pick } from './i18n';

/** A journal entry type's name, as the reports print it. */
export function entryLabel(type: string): string {
  return pick(entryTypeLabel(type));
}

/** A money bucket of the totals, named as the reports name it. */
export function bucketLabel(bucket: BucketName): string {
  return pick(BUCKET_LABELS[bucket]);
}
