import { describe, expect, it } from 'vitest';
import { ACTOR_KIND_LABELS, BUCKET_LABELS, DETAIL_LABELS, DISBURSEMENT_STATUS_LABELS, ENTRY_TYPE_LABELS, ERROR_LABELS, entryTypeLabel, FIELD_LABELS, labelOf, PLEDGE_STATUS_LABELS, RECEIPT_STATUS_LABELS, ROLE_LABELS } from '../../shared/domain/labels';
import { AMOUNT_CHECK_LABELS, HELD_REASON_LABELS, LINE_CLASS_LABELS, LINE_FLAG_LABELS, LINE_STATUS_LABELS, OTHER_ROW_LABELS, STATEMENT_STATUS_LABELS } from '../../shared/domain/statements/labels';
import { typeLabel } from '../../shared/reports/csv';
import { ROLES } from '../../shared/routes/route';
import { bucketLabel, entryLabel } from '../../web/src/i18n';

const TABLES = { ENTRY_TYPE_LABELS, BUCKET_LABELS, PLEDGE_STATUS_LABELS, DISBURSEMENT_STATUS_LABELS, RECEIPT_STATUS_LABELS, STATEMENT_STATUS_LABELS, LINE_STATUS_LABELS, LINE_FLAG_LABELS, LINE_CLASS_LABELS, HELD_REASON_LABELS, OTHER_ROW_LABELS, AMOUNT_CHECK_LABELS, ACTOR_KIND_LABELS, DETAIL_LABELS, FIELD_LABELS, ERROR_LABELS, ROLE_LABELS };

describe('the label table', () => {
  it.each(Object.entries(TABLES))('%s names every code in Vietnamese and in English', (_, table) => {
    for (const [code, label] of Object.entries(table)) {
      expect(label.vi.trim(), code).not.toBe('');
      expect(label.en.trim(), code).not.toBe('');
    }
  });

  it('names every staff role the API knows', () => {
    expect(Object.keys(ROLE_LABELS).sort()).toEqual([...ROLES].sort());
  });

  it('gives each entry type a name of its own in both languages', () => {
    const labels = Object.values(ENTRY_TYPE_LABELS);
    expect(new Set(labels.map((l) => l.vi)).size).toBe(labels.length);
    expect(new Set(labels.map((l) => l.en)).size).toBe(labels.length);
  });

  it('shows a code it does not know as the code, and never a property of Object', () => {
    expect(entryTypeLabel('SOMETHING_NEW')).toEqual({ vi: 'SOMETHING_NEW', en: 'SOMETHING_NEW' });
    expect(labelOf(BUCKET_LABELS, 'toString')).toEqual({ vi: 'toString', en: 'toString' });
    expect(labelOf(BUCKET_LABELS, 'approved')).toBe(BUCKET_LABELS.approved);
  });
});

describe('one wording for the reports and the web app', () => {
  it('the CSV and the console name an entry type alike', () => {
    for (const [type, label] of Object.entries(ENTRY_TYPE_LABELS)) {
      expect(typeLabel(type)).toBe(label.vi);
      expect(entryLabel(type)).toBe(label.vi); // the web app's default language is Vietnamese
    }
  });

  it('the portal names the buckets as report.html does', () => {
    expect(bucketLabel('approved')).toBe('Đã duyệt, chưa chi');
    expect(bucketLabel('disbursed')).toBe(BUCKET_LABELS.disbursed.vi);
  });
});
