/** One line in the review queue, with what a clerk can do about it: match it to a code, or set it aside with a reason. */
import { api } from '../api';
import { clear, h, uid } from '../dom';
import { formatDate } from '../format';
import { L } from '../i18n';
import type { StatementLine } from '../types';
import { parseRef } from '../../../shared/domain/refs';
import type { ConsoleContext } from './context';
import type { ActionKeys } from './shared';
import { lineOutcome, signedAmount } from './statement-line-view';
import { errorBox, statusBadge } from './view';
import { LINE_STATUS } from './statement-status';

/** A line as the reconciliation lists it for review, with the codes the matcher suggests. */
export type ReviewLine = Pick<StatementLine, 'statementId' | 'lineNo' | 'valueDate' | 'direction' | 'amount' | 'status' | 'heldReason' | 'class' | 'reasons' | 'memo' | 'pledgeRef' | 'disbursementRef' | 'amountCheck' | 'decidedBy' | 'ignoreReason'> & {
  lineId: string;
  suggestions: string[];
};

export function reviewCard(ctx: ConsoleContext, fundId: string, line: ReviewLine, keys: ActionKeys, onDone: (message: string) => void): HTMLElement {
  const titleId = uid('line');
  const status = h('div', { 'aria-live': 'polite' });
  const actions: HTMLElement[] = [];
  if (ctx.has('finance-clerk')) {
    const isCredit = line.direction === 'CREDIT';
    const code = h('input', {
      type: 'text',
      class: 'input input-small input-code',
      name: 'code',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: isCredit ? 'UH…' : 'GN…',
      value: line.suggestions.length === 1 ? line.suggestions[0] : undefined,
      'aria-label': isCredit ? L(`Mã cam kết cho dòng ${line.lineNo}`, `Pledge code for line ${line.lineNo}`) : L(`Mã giải ngân cho dòng ${line.lineNo}`, `Disbursement code for line ${line.lineNo}`),
    });
    const match = h('button', { type: 'button', class: 'btn btn-primary btn-small', 'data-action': 'match' }, L('Khớp', 'Match'));
    const reason = h('input', { type: 'text', class: 'input input-small', name: 'reason', autocomplete: 'off', placeholder: L('vd: phí ngân hàng', 'e.g. bank fee'), 'aria-label': L(`Lý do bỏ qua dòng ${line.lineNo}`, `Reason to set line ${line.lineNo} aside`) });
    const ignore = h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-action': 'ignore' }, L('Bỏ qua', 'Set aside'));
    const act = async (action: 'match' | 'ignore', body: Record<string, string>, button: HTMLButtonElement, done: string) => {
      button.disabled = true;
      clear(status);
      const key = `${line.lineId}:${action}:${JSON.stringify(body)}`;
      try {
        await api(`/v1/statements/${line.statementId}/lines/${line.lineId}/${action}`, { method: 'POST', body, auth: true, idempotencyKey: keys.get(key) });
        keys.done(key);
        onDone(done);
      } catch (error) {
        clear(status, errorBox(error));
        button.disabled = false;
      }
    };
    match.addEventListener('click', () => {
      const ref = parseRef(code.value, [isCredit ? 'UH' : 'GN']);
      if (!ref) {
        clear(status, errorBox(new Error(isCredit ? L('Nhập một mã cam kết UH… hợp lệ.', 'Enter a valid UH… pledge code.') : L('Nhập một mã giải ngân GN… hợp lệ.', 'Enter a valid GN… disbursement code.'))));
        code.focus();
        return;
      }
      void act('match', isCredit ? { pledgeRef: ref } : { disbursementRef: ref }, match, L(`Đã khớp dòng ${line.lineNo} với ${ref}.`, `Line ${line.lineNo} matched to ${ref}.`));
    });
    ignore.addEventListener('click', () => {
      if (reason.value.trim().length < 3) {
        clear(status, errorBox(new Error(L('Nhập lý do bỏ qua (ít nhất 3 ký tự).', 'Give a reason (3+ characters).'))));
        reason.focus();
        return;
      }
      void act('ignore', { reason: reason.value.trim() }, ignore, L(`Đã bỏ qua dòng ${line.lineNo}.`, `Line ${line.lineNo} set aside.`));
    });
    actions.push(h('div', { class: 'action action-inline' }, code, match), h('div', { class: 'action action-inline' }, reason, ignore));
  }
  return h(
    'li',
    { class: 'card review-line', 'data-line-id': line.lineId, 'data-line-status': line.status, 'aria-labelledby': titleId },
    h('h3', { id: titleId, class: 'card-title' }, (line.direction && line.amount !== undefined ? signedAmount(line.direction, line.amount) : '—'), ' ', statusBadge(line.status ?? line.class, LINE_STATUS)),
    h('p', { class: 'small muted' }, `${(line.valueDate ? formatDate(line.valueDate) : '—')} · ${L('dòng', 'line')} ${line.lineNo} · `, h('a', { href: `/console/statements?fund=${fundId}&id=${line.statementId}` }, L('xem sao kê', 'open the statement'))),
    h('p', { class: 'wrap' }, line.memo),
    h('p', { class: 'small' }, lineOutcome(line)),
    actions.length ? h('div', { class: 'actions' }, actions) : null,
    status,
  );
}
