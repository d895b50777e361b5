/**
 * The review queue of a fund: how the bank and the ledger compare, then the statement lines the
 * matcher left for a person, a page at a time (`GET /v1/reconciliation/{fundId}/lines`), sorted
 * by value date, amount or status. After a decision the outcome is announced in a status line
 * that stays in view, the page refills, and the focus goes to the next line's first input.
 */
import { api } from '../api';
import { clear, field, h, scrollTable } from '../dom';
import { formatInteger, formatVnd } from '../format';
import { L } from '../i18n';
import type { ConsoleContext } from './context';
import { reviewRow, type ReviewLine } from './review-line';
import { ActionKeys, fundSelect, latestOnly, roleNote } from './shared';
import { definitionList, emptyState, errorBox, loading } from './view';

interface Reconciliation {
  statementBalance: { amount: number; basis: 'closingBalance' | 'importedCreditsMinusDebits'; asOf?: string };
  ledgerBalance: { amount: number };
  difference: number;
  lines: { outsideLedger: { credited: number; debited: number } };
}

interface ReviewPage {
  items: ReviewLine[];
  total: number;
  offset: number;
  cursor?: string;
}

const PAGE_SIZE = 25;

/** The orders a clerk can choose: a sort and its direction, named as people think of them. */
const ORDERS: { value: string; vi: string; en: string }[] = [
  { value: 'date:asc', vi: 'Ngày giá trị, cũ nhất trước', en: 'Value date, oldest first' },
  { value: 'date:desc', vi: 'Ngày giá trị, mới nhất trước', en: 'Value date, newest first' },
  { value: 'amount:desc', vi: 'Số tiền, lớn nhất trước', en: 'Amount, largest first' },
  { value: 'amount:asc', vi: 'Số tiền, nhỏ nhất trước', en: 'Amount, smallest first' },
  { value: 'status:asc', vi: 'Trạng thái: cần xem lại trước', en: 'Status: to review first' },
];

function balances(rec: Reconciliation): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'h-rec' },
    h('h2', { id: 'h-rec', class: 'card-title' }, L('Đối chiếu số dư', 'Balances compared')),
    definitionList([
      [rec.statementBalance.basis === 'closingBalance' ? L('Số dư cuối kỳ theo sao kê', 'Closing balance on the statement') : L('Tiền vào − tiền ra theo sao kê', 'Money in − out on the statements'), h('span', { 'data-reconciliation': 'statement' }, formatVnd(rec.statementBalance.amount))],
      [L('Số dư theo sổ quỹ (đã nhận − đã chi)', 'Ledger balance (received − paid out)'), h('span', { 'data-reconciliation': 'ledger' }, formatVnd(rec.ledgerBalance.amount))],
      [L('Chênh lệch', 'Difference'), h('span', { 'data-reconciliation': 'difference' }, formatVnd(rec.difference))],
      [L('Ngân hàng ghi nhưng sổ quỹ chưa có', 'In the bank, not in the ledger'), `${L('vào', 'in')} ${formatVnd(rec.lines.outsideLedger.credited)}, ${L('ra', 'out')} ${formatVnd(rec.lines.outsideLedger.debited)}`],
    ]),
  );
}

export async function unmatchedTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const keys = new ActionKeys();
  const fund = fundSelect(ctx);
  const order = h('select', { name: 'order', class: 'input' }, ORDERS.map((o) => h('option', { value: o.value, selected: o.value === (ctx.params.get('order') ?? 'date:asc') }, L(o.vi, o.en))));
  const status = h(
    'select',
    { name: 'status', class: 'input' },
    h('option', { value: '' }, L('Mọi dòng chờ xử lý', 'Every waiting line')),
    h('option', { value: 'UNMATCHED', selected: ctx.params.get('status') === 'UNMATCHED' }, L('Chưa khớp', 'Unmatched')),
    h('option', { value: 'FLAGGED', selected: ctx.params.get('status') === 'FLAGGED' }, L('Cần xem lại', 'To review')),
  );
  const summary = h('div', null, loading());
  // Confirmations and errors of the queue: one polite status line that stays in view while the clerk works.
  const notice = h('p', { class: 'queue-notice', role: 'status', 'aria-live': 'polite', 'data-testid': 'review-notice' });
  const heading = h('h2', { id: 'h-review', class: 'section-title', tabindex: '-1' }, L('Dòng sao kê cần xử lý', 'Statement lines to review'));
  const position = h('p', { class: 'muted', 'data-testid': 'review-position' });
  const tableSlot = h('div', null, loading());
  const prev = h('button', { type: 'button', class: 'btn btn-ghost', 'data-page': 'prev' }, L('← Trang trước', '← Previous page'));
  const next = h('button', { type: 'button', class: 'btn btn-ghost', 'data-page': 'next' }, L('Trang sau →', 'Next page →'));
  const pager = h('nav', { class: 'pager', 'aria-label': L('Các trang của hàng chờ', 'Pages of the queue') }, prev, next);
  /** The cursor of every page up to the current one: `[undefined]` is the first page. */
  let cursors: (string | undefined)[] = [undefined];
  let nextCursor: string | undefined;
  let generation = 0;

  const syncUrl = () => {
    const query = new URLSearchParams({ fund: fund.value, order: order.value, ...(status.value ? { status: status.value } : {}) });
    history.replaceState(null, '', `/console/unmatched?${query}`);
  };

  const loadPage = async (focus: 'heading' | { row: number } | null) => {
    const mine = ++generation;
    const [sort, direction] = order.value.split(':') as [string, string];
    const query = new URLSearchParams({ sort, order: direction, limit: String(PAGE_SIZE), ...(status.value ? { status: status.value } : {}) });
    const cursor = cursors.at(-1);
    if (cursor) query.set('cursor', cursor);
    prev.disabled = next.disabled = true;
    try {
      const page = await api<ReviewPage>(`/v1/reconciliation/${fund.value}/lines?${query}`, { auth: true });
      if (mine !== generation) return;
      // The last line of the last page decided: step back a page.
      if (!page.items.length && cursors.length > 1) {
        cursors = cursors.slice(0, -1);
        return loadPage(focus);
      }
      nextCursor = page.cursor;
      prev.disabled = cursors.length <= 1;
      next.disabled = !nextCursor;
      pager.hidden = !page.total || (cursors.length <= 1 && !nextCursor);
      const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
      position.textContent = page.total
        ? L(
            `Trang ${cursors.length}/${pages}: dòng ${formatInteger(page.offset + 1)}–${formatInteger(page.offset + page.items.length)} trong ${formatInteger(page.total)} dòng chờ xử lý`,
            `Page ${cursors.length} of ${pages}: lines ${formatInteger(page.offset + 1)}–${formatInteger(page.offset + page.items.length)} of ${formatInteger(page.total)} waiting`,
          )
        : '';
      if (!page.items.length) {
        clear(tableSlot, emptyState(L('Không còn dòng nào cần xử lý.', 'Nothing left to review.'), L('Mọi dòng sao kê đã khớp hoặc đã được bỏ qua có lý do.', 'Every statement line is matched or set aside with a reason.')));
      } else {
        const rows = page.items.map((line) => reviewRow(ctx, fund.value, line, keys, (done) => decided(done, rows.indexOf(row(line.lineId)))));
        const row = (lineId: string) => rows.find((r) => r.getAttribute('data-line-id') === lineId)!;
        clear(
          tableSlot,
          scrollTable(
            L('Bảng: dòng sao kê cần xử lý', 'Table: statement lines to review'),
            h(
              'table',
              { class: 'review-table stack' },
              h('caption', { class: 'sr-only' }, position.textContent),
              h('thead', null, h('tr', null, h('th', { scope: 'col' }, L('Số tiền, ngày', 'Amount, date')), h('th', { scope: 'col' }, L('Trạng thái', 'Status')), h('th', { scope: 'col' }, L('Nội dung', 'Memo')), h('th', { scope: 'col' }, L('Xử lý', 'Action')))),
              h('tbody', null, rows),
            ),
          ),
        );
      }
      if (focus === 'heading') heading.focus();
      else if (focus) {
        const target = tableSlot.querySelectorAll('tbody tr')[Math.min(focus.row, page.items.length - 1)];
        ((target?.querySelector('input') ?? heading) as HTMLElement).focus();
      }
    } catch (error) {
      if (mine === generation) clear(tableSlot, errorBox(error));
    }
  };

  const summaries = latestOnly();
  const loadSummary = async () => {
    const current = summaries.begin();
    try {
      const reconciliation = await api<Reconciliation>(`/v1/reconciliation/${fund.value}`, { auth: true });
      if (current()) clear(summary, balances(reconciliation));
    } catch (error) {
      if (current()) clear(summary, errorBox(error));
    }
  };

  /** A line was decided: say so in view, refill the page, and go on to the line now in its place. */
  const decided = (message: string, index: number) => {
    notice.textContent = message;
    notice.hidden = false;
    void loadPage({ row: Math.max(0, index) });
    void loadSummary();
  };

  const restart = () => {
    cursors = [undefined];
    notice.textContent = '';
    syncUrl();
    void loadPage(null);
  };
  fund.addEventListener('change', () => {
    restart();
    void loadSummary();
  });
  order.addEventListener('change', restart);
  status.addEventListener('change', restart);
  prev.addEventListener('click', () => {
    cursors = cursors.slice(0, -1);
    void loadPage('heading');
  });
  next.addEventListener('click', () => {
    if (!nextCursor) return;
    cursors = [...cursors, nextCursor];
    void loadPage('heading');
  });
  void loadSummary();
  void loadPage(null);
  return h(
    'div',
    null,
    h('div', { class: 'toolbar' }, field(L('Quỹ', 'Fund'), fund).wrap, field(L('Hiện', 'Show'), status).wrap, field(L('Sắp xếp', 'Sort by'), order).wrap),
    summary,
    h(
      'section',
      { 'aria-labelledby': 'h-review', class: 'review-queue' },
      heading,
      ctx.has('finance-clerk') ? null : roleNote(L('Chỉ kế toán được khớp hoặc bỏ qua dòng sao kê.', 'Only a finance clerk matches or sets aside statement lines.')),
      h('div', { class: 'queue-bar' }, notice, position),
      tableSlot,
      pager,
    ),
  );
}
