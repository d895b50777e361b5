/** The statement panel's table: every line of a statement with its match status, filtered by status. */
import { api } from '../api';
import { clear, field, h } from '../dom';
import { formatDate } from '../format';
import { L } from '../i18n';
import { statusLabel } from '../status';
import type { StatementLine, StatementView } from '../types';
import type { ConsoleContext } from './context';
import { ActionKeys } from './shared';
import { lineOutcome, signedAmount } from './statement-line-view';
import { errorBox, loading, scrollTableOf, statusBadge } from './view';
import { LINE_CLASS_FILTERS, LINE_STATUS, LINE_STATUS_FILTERS } from './statement-status';

/**
 * A held line a clerk counts in one click: an amount the running balance proves, or a possible
 * duplicate the clerk knows is a gift of its own. An unreadable row needs the bank's own copy, so
 * it is counted from the review queue, not here.
 */
function countButton(line: StatementLine, keys: ActionKeys, onCounted: () => void): HTMLElement | null {
  if (line.class !== 'HELD' || !line.lineId || (line.heldReason !== 'INFERRED_AMOUNT' && line.heldReason !== 'POSSIBLE_DUPLICATE')) return null;
  const label =
    line.heldReason === 'INFERRED_AMOUNT'
      ? L(`Chấp nhận số tiền của dòng ${line.lineNo}`, `Accept line ${line.lineNo}'s amount`)
      : L(`Tính dòng ${line.lineNo} (không trùng)`, `Count line ${line.lineNo} (not a duplicate)`);
  const button = h('button', { type: 'button', class: 'btn btn-primary btn-small', 'data-action': 'count' }, label);
  const status = h('span', { 'aria-live': 'polite' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    clear(status);
    const key = `${line.lineId}:count`;
    try {
      await api(`/v1/statements/${line.statementId}/lines/${line.lineId}/count`, { method: 'POST', body: {}, auth: true, idempotencyKey: keys.get(key) });
      keys.done(key);
      onCounted();
    } catch (error) {
      clear(status, errorBox(error));
      button.disabled = false;
    }
  });
  return h('span', { class: 'block' }, button, status);
}

/** The lines of one statement, by class or status, a page at a time; a clerk counts a held line from here. */
export function linesSection(ctx: ConsoleContext, statement: StatementView, onChanged: () => void): HTMLElement {
  const canCount = ctx.has('finance-clerk');
  const keys = new ActionKeys();
  const filter = h(
    'select',
    { name: 'lineStatus', class: 'input' },
    h('option', { value: '' }, L('Tất cả các dòng', 'All lines')),
    [...LINE_CLASS_FILTERS, ...LINE_STATUS_FILTERS].map((status) => h('option', { value: status }, statusLabel(status, LINE_STATUS))),
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
            { 'data-line': String(line.lineNo ?? ''), 'data-row': String(line.row), 'data-line-status': line.status ?? line.class, 'data-line-class': line.class },
            h('td', { class: 'num' }, String(line.lineNo ?? '—')),
            h('td', null, (line.valueDate ? formatDate(line.valueDate) : '—')),
            h('td', { class: 'num' }, (line.direction && line.amount !== undefined ? signedAmount(line.direction, line.amount) : '—')),
            h('td', { class: 'small wrap' }, line.memo),
            h('td', null, statusBadge(line.status ?? line.class, LINE_STATUS)),
            h('td', { class: 'small' }, lineOutcome(line), canCount ? countButton(line, keys, onChanged) : null),
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
