/**
 * One line of the review queue as a table row, with what a clerk can do about it: match it to a
 * code, or set it aside with a reason. Every input has a visible label; the outcome is announced
 * by the queue (unmatched.ts), which also moves the focus on.
 */
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

function labelled(label: string, control: HTMLInputElement): HTMLElement {
  control.id ||= uid('review');
  return h('div', { class: 'mini-field' }, h('label', { for: control.id }, label), control);
}

export function reviewRow(ctx: ConsoleContext, fundId: string, line: ReviewLine, keys: ActionKeys, onDone: (message: string) => void): HTMLTableRowElement {
  const status = h('div', { class: 'row-status' });
  const actions: HTMLElement[] = [];
  // A held line is counted or discarded on its statement's page, where its neighbours show why it was held.
  if (ctx.has('finance-clerk') && line.class === 'COUNTED') {
    const isCredit = line.direction === 'CREDIT';
    const code = h('input', {
      type: 'text',
      class: 'input input-small input-code',
      name: 'code',
      autocomplete: 'off',
      spellcheck: 'false',
      value: line.suggestions.length === 1 ? line.suggestions[0] : undefined,
      'aria-describedby': `${line.lineId}-what`,
    });
    const match = h('button', { type: 'button', class: 'btn btn-primary btn-small', 'data-action': 'match' }, L('Khớp', 'Match'), h('span', { class: 'sr-only' }, L(` dòng ${line.lineNo}`, ` line ${line.lineNo}`)));
    const reason = h('input', { type: 'text', class: 'input input-small', name: 'reason', autocomplete: 'off', 'aria-describedby': `${line.lineId}-what` });
    const ignore = h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-action': 'ignore' }, L('Bỏ qua', 'Set aside'), h('span', { class: 'sr-only' }, L(` dòng ${line.lineNo}`, ` line ${line.lineNo}`)));
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
        code.setAttribute('aria-invalid', 'true');
        code.focus();
        return;
      }
      void act('match', isCredit ? { pledgeRef: ref } : { disbursementRef: ref }, match, L(`Đã khớp dòng ${line.lineNo} với ${ref}.`, `Line ${line.lineNo} matched to ${ref}.`));
    });
    ignore.addEventListener('click', () => {
      if (reason.value.trim().length < 3) {
        clear(status, errorBox(new Error(L('Nhập lý do bỏ qua (ít nhất 3 ký tự).', 'Give a reason (3+ characters).'))));
        reason.setAttribute('aria-invalid', 'true');
        reason.focus();
        return;
      }
      void act('ignore', { reason: reason.value.trim() }, ignore, L(`Đã bỏ qua dòng ${line.lineNo}.`, `Line ${line.lineNo} set aside.`));
    });
    actions.push(
      h('div', { class: 'action action-inline' }, labelled(isCredit ? L('Mã cam kết (UH…)', 'Pledge code (UH…)') : L('Mã giải ngân (GN…)', 'Disbursement code (GN…)'), code), match),
      h('div', { class: 'action action-inline' }, labelled(L('Lý do bỏ qua', 'Reason to set aside'), reason), ignore),
    );
  }
  return h(
    'tr',
    { class: 'review-line', 'data-line-id': line.lineId, 'data-line-status': line.status ?? line.class },
    h(
      'th',
      { scope: 'row', id: `${line.lineId}-what` },
      h('span', { class: 'block' }, line.direction && line.amount !== undefined ? signedAmount(line.direction, line.amount) : '—'),
      h('span', { class: 'small muted' }, `${line.valueDate ? formatDate(line.valueDate) : '—'} · ${L('dòng', 'line')} ${line.lineNo}`),
    ),
    h('td', { 'data-label': L('Trạng thái', 'Status') }, statusBadge(line.status ?? line.class, LINE_STATUS)),
    h(
      'td',
      { class: 'review-memo', 'data-label': L('Nội dung', 'Memo') },
      h('span', { class: 'wrap block' }, line.memo),
      h('span', { class: 'small block' }, lineOutcome(line)),
      ' ',
      h('a', { class: 'small', href: `/console/statements?fund=${fundId}&id=${line.statementId}` }, L('xem sao kê', 'open the statement'), h('span', { class: 'sr-only' }, L(` của dòng ${line.lineNo}`, ` of line ${line.lineNo}`))),
    ),
    h('td', { class: 'review-actions', 'data-label': L('Xử lý', 'Action') }, actions.length ? actions : h('span', { class: 'muted small' }, '—'), status),
  );
}
