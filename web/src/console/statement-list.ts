/** A fund's uploaded statements, newest first. */
import { h } from '../dom';
import { formatDateTime } from '../format';
import { L } from '../i18n';
import type { StatementView } from '../types';
import { actorName } from './shared';
import { emptyState, scrollTableOf, statusBadge } from './view';
import { STATEMENT_STATUS } from './statement-status';

export function statementList(fundId: string, items: StatementView[]): HTMLElement {
  if (!items.length) return emptyState(L('Quỹ này chưa có sao kê nào.', 'No statement has been imported for this fund.'));
  return scrollTableOf(
    L('Các sao kê đã tải lên', 'Uploaded statements'),
    [L('Tệp', 'File'), L('Tải lên', 'Uploaded'), L('Trạng thái', 'Status'), L('Dòng', 'Lines'), L('Khớp', 'Matched'), L('Chờ xử lý', 'To review')],
    items.map((s) =>
      h(
        'tr',
        { 'data-statement-id': s.id },
        h('td', null, h('a', { href: `/console/statements?fund=${fundId}&id=${s.id}` }, s.fileName)),
        h('td', { class: 'small' }, formatDateTime(s.uploadedAt), h('span', { class: 'block muted' }, actorName(s.uploadedBy))),
        h('td', null, statusBadge(s.status, STATEMENT_STATUS)),
        h('td', { class: 'num' }, String(s.summary.lines ?? '—')),
        h('td', { class: 'num' }, String(s.summary.matched)),
        h('td', { class: 'num' }, String(s.summary.unmatched + s.summary.flagged)),
      ),
    ),
  );
}
