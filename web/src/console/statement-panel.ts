/** The statement panel: progress while a statement imports, then its summary and its lines. */
import { api } from '../api';
import { clear, h, type Child } from '../dom';
import { formatDate, formatDateTime, formatVnd } from '../format';
import { L } from '../i18n';
import type { StatementView } from '../types';
import type { ConsoleContext } from './context';
import { actorName } from './shared';
import { followImport, isOpen, progressText } from './statement-import';
import { linesSection } from './statement-lines';
import { definitionList, errorBox, statusBadge } from './view';
import { STATEMENT_STATUS } from './statement-status';

function summaryOf(s: StatementView): HTMLElement {
  const sum = s.summary;
  const row = (key: string, term: string, value: Child): [Child, Child] => [term, h('span', { 'data-summary': key }, value)];
  const count = (n: number, amount?: number) => (amount === undefined ? String(n) : `${n} · ${formatVnd(amount)}`);
  return definitionList([
    row('rows', L('Số dòng trong tệp', 'Rows in the file'), String(sum.rows ?? '—')),
    row('counted', L('Đã tính', 'Counted'), count(sum.counted.count, sum.counted.credits.amount)),
    row('held', L('Tạm giữ', 'Held'), count(sum.held.count, sum.held.credited + sum.held.debited)),
    row('duplicates', L('Trùng với tệp khác', 'Duplicates of another file'), count(sum.duplicates.count, sum.duplicates.credited + sum.duplicates.debited)),
    row('not-transactions', L('Không phải giao dịch', 'Not transactions'), String(sum.notTransactions.count)),
    row('balance-breaks', L('Số dư không liên tục', 'Balance breaks'), String(s.balanceBreaks?.count ?? 0)),
    row(
      'balanced',
      L('Đủ mọi dòng', 'Every row accounted for'),
      sum.balanced ? L('có: đã tính + tạm giữ + trùng + không phải giao dịch = số dòng', 'yes: counted + held + duplicates + not transactions = rows') : L('chưa', 'not yet'),
    ),
    row('matched', L('Khớp tự động', 'Matched'), count(sum.matched, sum.amounts.matched)),
    row('unmatched', L('Chưa khớp', 'Unmatched'), count(sum.unmatched, sum.amounts.unmatched)),
    row('flagged', L('Cần xem lại', 'To review'), count(sum.flagged, sum.amounts.flagged)),
    row('ignored', L('Đã bỏ qua', 'Set aside'), count(sum.ignored, sum.amounts.ignored)),
    row('credits', L('Tiền vào', 'Money in'), sum.credits ? count(sum.credits.count, sum.credits.amount) : '—'),
    row('debits', L('Tiền ra', 'Money out'), sum.debits ? count(sum.debits.count, sum.debits.amount) : '—'),
    row(
      'outside-ledger',
      L('Ngân hàng ghi nhưng sổ quỹ chưa có', 'In the bank, not in the ledger'),
      `${L('vào', 'in')} ${formatVnd(sum.outsideLedger.credited)}, ${L('ra', 'out')} ${formatVnd(sum.outsideLedger.debited)}`,
    ),
  ]);
}

/** Each row whose running balance does not continue from the previous row's: what it should be and what it prints. */
function balanceBreaks(s: StatementView): HTMLElement | null {
  const breaks = s.balanceBreaks;
  if (!breaks?.count) return null;
  return h(
    'div',
    { class: 'alert alert-warn', 'data-testid': 'balance-breaks' },
    h('p', null, L(`${breaks.count} dòng có số dư không khớp với số dư trước ± số tiền:`, `${breaks.count} row(s) whose balance is not the previous balance ± the amount:`)),
    h(
      'ul',
      null,
      breaks.items.map((b) =>
        h('li', { 'data-break-row': String(b.row) }, L(`dòng ${b.lineNo} (hàng ${b.row}): cần ${formatVnd(b.expected)}, tệp ghi ${formatVnd(b.found)}`, `line ${b.lineNo} (row ${b.row}): expected ${formatVnd(b.expected)}, the file prints ${formatVnd(b.found)}`)),
      ),
    ),
  );
}

/** One statement: its progress while it imports, then its summary and lines. */
export function statementPanel(ctx: ConsoleContext) {
  const panel = h('section', { class: 'card', 'aria-labelledby': 'h-statement', hidden: true, 'data-testid': 'statement' });
  let generation = 0;
  const progress = h('progress', { max: '1', value: '0', 'aria-label': L('Tiến độ nhập sao kê', 'Import progress') });
  const progressNote = h('p', { class: 'progress-text', role: 'status' });

  /** After a clerk's decision on a line: the statement again, its summary and lines as they now are. */
  const reload = async (id: string) => {
    const mine = generation;
    try {
      const fresh = await api<StatementView>(`/v1/statements/${id}`, { auth: true });
      if (mine === generation) render(fresh, true);
    } catch (error) {
      if (mine === generation) panel.append(errorBox(error));
    }
  };

  const render = (s: StatementView, lines: boolean) => {
    panel.hidden = false;
    panel.setAttribute('data-statement-id', s.id);
    panel.setAttribute('data-status', s.status);
    const { lineCount, linesProcessed } = s.progress;
    progress.max = Math.max(lineCount ?? 1, 1);
    progress.value = lineCount === null ? 0 : Math.min(linesProcessed, lineCount);
    if (s.status === 'COMPLETED') progress.value = progress.max;
    progressNote.textContent = progressText(s);
    const period = s.period?.from ? `${formatDate(s.period.from)} – ${formatDate(s.period.to ?? s.period.from)}` : null;
    clear(
      panel,
      h('h2', { id: 'h-statement', class: 'card-title', tabindex: '-1' }, s.fileName, ' ', statusBadge(s.status, STATEMENT_STATUS, { 'data-testid': 'statement-status' })),
      h(
        'p',
        { class: 'muted small' },
        L('Tải lên bởi ', 'Uploaded by '),
        h('strong', null, actorName(s.uploadedBy)),
        ` · ${formatDateTime(s.uploadedAt)}`,
        period ? ` · ${L('kỳ', 'period')} ${period}` : '',
        s.format ? ` · ${s.format.toUpperCase()}` : '',
      ),
      s.status === 'FAILED' ? null : h('div', { class: 'import-progress' }, progress, progressNote),
      s.status === 'FAILED'
        ? h(
            'div',
            { class: 'alert alert-error', role: 'alert' },
            h('p', null, L('Tệp không đọc được; không dòng nào được ghi. Sửa tệp rồi tải lên lại.', 'The file could not be read; no line was written. Fix it and upload it again.')),
            h('ul', null, (s.errors ?? []).map((e) => h('li', null, `${e.path}: ${e.message}`))),
          )
        : null,
      s.status === 'COMPLETED' || s.status === 'IMPORTING' ? summaryOf(s) : null,
      s.status === 'COMPLETED' ? balanceBreaks(s) : null,
      s.status === 'COMPLETED' && s.summary.duplicates.count > 0
        ? h('p', { class: 'alert alert-info' }, L(`${s.summary.duplicates.count} dòng đã có từ sao kê khác nên không tính lại.`, `${s.summary.duplicates.count} line(s) are in another statement already and are not counted again.`))
        : null,
      lines ? linesSection(ctx, s, () => void reload(s.id)) : null,
    );
  };

  return {
    element: panel,
    hide() {
      generation++;
      panel.hidden = true;
    },
    /** Shows a statement and, while it is importing, follows it to the end; resolves with the final state. */
    async show(initial: StatementView): Promise<StatementView> {
      const mine = ++generation;
      const alive = () => mine === generation;
      render(initial, !isOpen(initial));
      if (!isOpen(initial)) return initial;
      try {
        const final = await followImport(ctx, initial, (s) => render(s, false), alive);
        if (alive()) {
          render(final, true);
          (panel.querySelector('#h-statement') as HTMLElement | null)?.focus();
        }
        return final;
      } catch (error) {
        if (alive()) panel.append(errorBox(error));
        throw error;
      }
    },
  };
}
