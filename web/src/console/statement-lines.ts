/** The statement panel's table: every line of a statement with its match status, filtered by status. */
import { api } from '../api';
import { clear, field, h } from '../dom';
import { formatDate } from '../format';
import { L } from '../i18n';
import { statusLabel } from '../status';
import type { StatementLine, StatementView } from '../types';
import { lineOutcome, signedAmount } from './statement-line-view';
import { errorBox, loading, scrollTableOf, statusBadge } from './view';
import { LINE_STATUS } from './statement-status';

/** The lines of one statement, by status, a page at a time. */
export function linesSection(statement: StatementView): HTMLElement {
  const filter = h(
    'select',
    { name: 'lineStatus', class: 'input' },
    h('option', { value: '' }, L('Tất cả các dòng', 'All lines')),
    Object.keys(LINE_STATUS.labels).map((status) => h('option', { value: status }, statusLabel(status, LINE_STATUS))),
  );
  const table = h('div', null, loading());
  const more = h('button', { type: 'button', class: 'btn btn-ghost', hidden: true }, L('Xem thêm dòng', 'More lines'));
  const rows: HTMLTableRowElement[] = [];
  let cursor: string | undefined;
  let generation = 0;
  const draw = () =>
    clear(
      table,
      rows.length
        ? scrollTableOf(L('Các dòng của sao kê', 'Statement lines'), [L('Dòng', 'Line'), L('Ngày', 'Date'), L('Số tiền', 'Amount'), L('Nội dung', 'Memo'), L('Trạng thái', 'Status'), L('Khớp với / lý do', 'Matched to / why')], rows)
        : h('p', { class: 'muted', 'data-empty': '' }, filter.value ? L('Không có dòng nào ở trạng thái này.', 'No line has this status.') : L('Sao kê này không thêm dòng mới nào.', 'This statement added no new line.')),
    );
  const load = async (reset: boolean) => {
    const mine = reset ? ++generation : generation;
    if (reset) {
      rows.length = 0;
      cursor = undefined;
      clear(table, loading());
    }
    more.disabled = true;
    try {
      const query = new URLSearchParams({ limit: '100', ...(filter.value ? { status: filter.value } : {}), ...(cursor ? { cursor } : {}) });
      const page = await api<{ items: StatementLine[]; cursor?: string }>(`/v1/statements/${statement.id}/lines?${query}`, { auth: true });
      if (mine !== generation) return;
      rows.push(
        ...page.items.map((line) =>
          h(
            'tr',
            { 'data-line': String(line.lineNo), 'data-line-status': line.status },
            h('td', { class: 'num' }, String(line.lineNo)),
            h('td', null, (line.valueDate ? formatDate(line.valueDate) : '—')),
            h('td', { class: 'num' }, (line.direction && line.amount !== undefined ? signedAmount(line.direction, line.amount) : '—')),
            h('td', { class: 'small wrap' }, line.memo),
            h('td', null, statusBadge(line.status ?? line.class, LINE_STATUS)),
            h('td', { class: 'small' }, lineOutcome(line)),
          ),
        ),
      );
      cursor = page.cursor;
      draw();
      more.hidden = !cursor;
    } catch (error) {
      if (mine === generation) clear(table, errorBox(error));
    } finally {
      more.disabled = false;
    }
  };
  filter.addEventListener('change', () => void load(true));
  more.addEventListener('click', () => void load(false));
  void load(true);
  const toReview = statement.summary.unmatched + statement.summary.flagged;
  return h(
    'section',
    { 'aria-labelledby': 'h-lines' },
    h('h3', { id: 'h-lines', class: 'section-title' }, L('Các dòng của sao kê', 'Statement lines')),
    h(
      'div',
      { class: 'toolbar' },
      field(L('Trạng thái dòng', 'Line status'), filter).wrap,
      toReview
        ? h('a', { href: `/console/unmatched?fund=${statement.fundId}`, class: 'btn btn-ghost', 'data-testid': 'review-link' }, L(`Xử lý ${toReview} dòng chưa khớp`, `Review ${toReview} unmatched line(s)`))
        : null,
    ),
    table,
    more,
  );
}
