/** The audit trail of one pledge (UH…), disbursement (GN…) or receipt (id): every journal entry, who and when. */
import { api } from '../api';
import { clear, field, h } from '../dom';
import { formatDate, formatDateTime, formatVnd } from '../format';
import { BUCKET_LABELS, type BucketName } from '../../../shared/domain/labels';
import { actorText, bucketLabel, detailLabel, detailValue, L } from '../i18n';
import type { JournalEntry } from '../types';
import type { ConsoleContext } from './context';
import { entryLabel } from './shared';
import { errorBox, loading, scrollTableOf } from './view';

const BUCKETS = Object.keys(BUCKET_LABELS);

/** The buckets a journal entry moves, as the reports name them: `Đã nhận: +500.000 ₫`. */
function deltasText(deltas: JournalEntry['deltas']): string {
  return Object.entries(deltas)
    .filter(([name, value]) => value && BUCKETS.includes(name))
    .map(([name, value]) => `${bucketLabel(name as BucketName)}: ${value! > 0 ? '+' : ''}${formatVnd(value!)}`)
    .join('; ');
}

/** A published detail's value for people: amounts in đồng, days as dates, codes in words. */
function detailText(key: string, value: string | number | boolean): string {
  if (typeof value === 'number' && key === 'amount') return formatVnd(value);
  if (typeof value === 'boolean') return value ? L('có', 'yes') : L('không', 'no');
  const text = String(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDate(text);
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) return formatDateTime(text);
  return detailValue(key, text);
}

function actorCell(actor: string): HTMLElement {
  const { kind, name } = actorText(actor);
  return h('td', { 'data-testid': 'actor', 'data-actor-kind': actor.split(':', 1)[0] }, name ? [h('strong', null, name), h('span', { class: 'block small muted' }, kind)] : kind);
}

export function auditTab(ctx: ConsoleContext): HTMLElement {
  const input = h('input', { type: 'search', name: 'ref', class: 'input input-code', autocomplete: 'off', spellcheck: 'false', value: ctx.params.get('ref') ?? '', placeholder: 'UH… / GN… / 01J…' });
  const refField = field(L('Mã cam kết, mã giải ngân hoặc mã khoản thu', 'Pledge code, disbursement code or receipt id'), input);
  const output = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'form card form-narrow', novalidate: true }, refField.wrap, h('button', { type: 'submit', class: 'btn btn-primary' }, L('Xem lịch sử', 'Show the history')));
  const load = async () => {
    const ref = input.value.trim().toUpperCase().replace(/[\s-]/g, '');
    refField.setError(null);
    if (!/^(UH|GN)[0-9A-Z]{7}$|^[0-9A-Z]{26}$/.test(ref)) {
      refField.setError(L('Nhập mã UH…, GN… hoặc mã khoản thu (26 ký tự).', 'Enter a UH… or GN… code or a receipt id (26 characters).'));
      return;
    }
    history.replaceState(null, '', `/console/audit?ref=${ref}`);
    clear(output, loading());
    try {
      const trail = await api<{ entityRef: string; entries: JournalEntry[] }>(`/v1/audit/${ref}`, { auth: true });
      clear(
        output,
        h('h2', { class: 'section-title' }, L(`Lịch sử của ${trail.entityRef}`, `History of ${trail.entityRef}`)),
        scrollTableOf(
          L('Lịch sử', 'Audit trail'),
          [L('Thời điểm', 'When'), L('Sự kiện', 'Event'), L('Người thực hiện', 'By'), L('Biến động', 'Money effect'), L('Chi tiết', 'Details')],
          trail.entries.map((e) =>
            h(
              'tr',
              { 'data-type': e.type },
              h('td', null, formatDateTime(e.at)),
              h('td', null, entryLabel(e.type)),
              actorCell(e.actor),
              h('td', null, deltasText(e.deltas) || '—'),
              h(
                'td',
                { class: 'small' },
                h(
                  'dl',
                  { class: 'details' },
                  Object.entries(e.publicDetails ?? {})
                    .filter(([, v]) => v !== '')
                    .map(([k, v]) => h('div', { 'data-detail': k }, h('dt', null, detailLabel(k)), h('dd', null, detailText(k, v)))),
                ),
              ),
            ),
          ),
        ),
      );
    } catch (error) {
      clear(output, errorBox(error));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  if (input.value) void load();
  return h('div', null, form, output);
}
