/** The review queue of a fund: how the bank and the ledger compare, and each statement line the matcher left for a person. */
import { api } from '../api';
import { clear, field, h } from '../dom';
import { formatVnd } from '../format';
import { L } from '../i18n';
import type { ConsoleContext } from './context';
import { reviewCard, type ReviewLine } from './review-line';
import { ActionKeys, fundSelect, roleNote } from './shared';
import { definitionList, emptyState, errorBox, loading, successBox } from './view';

interface Reconciliation {
  statementBalance: { amount: number; basis: 'closingBalance' | 'importedCreditsMinusDebits'; asOf?: string };
  ledgerBalance: { amount: number };
  difference: number;
  lines: {
    outsideLedger: { credited: number; debited: number };
    toReview: ReviewLine[];
    toReviewTruncated: boolean;
  };
}

export async function unmatchedTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const keys = new ActionKeys();
  const fund = fundSelect(ctx);
  const output = h('div', null, loading());
  const notice = h('div', { 'aria-live': 'polite' });
  const load = async (message?: string) => {
    clear(notice, message ? successBox(message) : null);
    try {
      const rec = await api<Reconciliation>(`/v1/reconciliation/${fund.value}`, { auth: true });
      const lines = rec.lines.toReview;
      clear(
        output,
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'h-rec' },
          h('h2', { id: 'h-rec', class: 'card-title' }, L('Đối chiếu số dư', 'Balances compared')),
          definitionList([
            [rec.statementBalance.basis === 'closingBalance' ? L('Số dư cuối kỳ theo sao kê', 'Closing balance on the statement') : L('Tiền vào − tiền ra theo sao kê', 'Money in − out on the statements'), h('span', { 'data-reconciliation': 'statement' }, formatVnd(rec.statementBalance.amount))],
            [L('Số dư theo sổ quỹ (đã nhận − đã chi)', 'Ledger balance (received − paid out)'), h('span', { 'data-reconciliation': 'ledger' }, formatVnd(rec.ledgerBalance.amount))],
            [L('Chênh lệch', 'Difference'), h('span', { 'data-reconciliation': 'difference' }, formatVnd(rec.difference))],
            [L('Ngân hàng ghi nhưng sổ quỹ chưa có', 'In the bank, not in the ledger'), `${L('vào', 'in')} ${formatVnd(rec.lines.outsideLedger.credited)}, ${L('ra', 'out')} ${formatVnd(rec.lines.outsideLedger.debited)}`],
          ]),
        ),
        h(
          'section',
          { 'aria-labelledby': 'h-review' },
          h('h2', { id: 'h-review', class: 'section-title' }, L(`Dòng sao kê cần xử lý (${lines.length}${rec.lines.toReviewTruncated ? '+' : ''})`, `Statement lines to review (${lines.length}${rec.lines.toReviewTruncated ? '+' : ''})`)),
          ctx.has('finance-clerk') ? null : roleNote(L('Chỉ kế toán được khớp hoặc bỏ qua dòng sao kê.', 'Only a finance clerk matches or sets aside statement lines.')),
          lines.length
            ? h('ul', { class: 'plain-list review-list' }, lines.map((line) => reviewCard(ctx, fund.value, line, keys, (done) => void load(done))))
            : emptyState(L('Không còn dòng nào cần xử lý.', 'Nothing left to review.'), L('Mọi dòng sao kê đã khớp hoặc đã được bỏ qua có lý do.', 'Every statement line is matched or set aside with a reason.')),
        ),
      );
    } catch (error) {
      clear(output, errorBox(error));
    }
  };
  fund.addEventListener('change', () => {
    history.replaceState(null, '', `/console/unmatched?fund=${fund.value}`);
    void load();
  });
  void load();
  return h('div', null, h('div', { class: 'toolbar' }, field(L('Quỹ', 'Fund'), fund).wrap), notice, output);
}
